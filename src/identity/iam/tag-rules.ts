// IAM tag rules for users, roles and policies: at most 50 per resource, keys unique case-insensitively (a new value
// replaces an old one), `aws:` reserved. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
import { invalidInput, limitExceeded } from '../errors.js';
import type { IamTag } from '../model.js';

const MAX_TAGS = 50;

/** The tags after adding `added` to `existing` (same key, any case: replaced). */
export function mergeTags(existing: IamTag[], added: IamTag[]): IamTag[] {
  for (const t of added) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidInput('User-defined tag keys can\'t start with "aws:".');
  }
  const lower = new Set(added.map((t) => t.Key.toLowerCase()));
  if (lower.size !== added.length) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  const out = existing.filter((t) => !lower.has(t.Key.toLowerCase())).concat(added);
  if (out.length > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit.`);
  return out;
}

export function removeTags(existing: IamTag[], keys: string[]): IamTag[] {
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !lower.has(t.Key.toLowerCase()));
}

/** The tags of a new user, role or policy (the model already caps the request at 50). */
export const initialTags = (tags: IamTag[] | undefined): IamTag[] => (tags === undefined ? [] : mergeTags([], tags));
