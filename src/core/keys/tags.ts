// Tag rules shared by CreateKey, TagResource and UntagResource: AWS's limits, reserved prefix and messages.
// https://docs.aws.amazon.com/kms/latest/developerguide/tags-about.html
import { KmsError } from '../../protocol/errors.js';
import type { Field } from '../../protocol/shape.js';
import type { Tag } from '../model.js';

export const MAX_TAGS_PER_KEY = 50;

export const TAG_LIST_FIELD: Field = {
  t: 'list',
  of: {
    t: 'struct',
    fields: {
      TagKey: { t: 'string', required: true, min: 1, max: 128 },
      TagValue: { t: 'string', required: true, min: 0, max: 256 },
    },
  },
};

/** Checks a list of new tags: no duplicates, no reserved `aws:` prefix (any case), at most 50 in all. */
export function checkTags(tags: Tag[], existing: readonly Tag[] = []): void {
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.TagKey)) throw new KmsError('TagException', 'Duplicate tag keys');
    keys.add(t.TagKey);
    if (t.TagKey.toLowerCase().startsWith('aws:')) throw new KmsError('TagException', 'Tags beginning with aws: are reserved');
  }
  const total = new Set([...existing.map((t) => t.TagKey), ...keys]).size;
  if (total > MAX_TAGS_PER_KEY) throw new KmsError('TagException', 'Too many tags');
}
