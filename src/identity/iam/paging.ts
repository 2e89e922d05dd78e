// IAM's paging: MaxItems (1-1000, default 100), an opaque Marker from the previous answer, IsTruncated.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
import type { Page } from '../../core/ports.js';
import { QueryError } from '../../protocol/query/errors.js';
import type { ListOptions } from '../ports.js';

const PREFIX = 'kwi1:';

export interface PagingInput { Marker?: string; MaxItems?: number; PathPrefix?: string }

export function listOptions(input: PagingInput): ListOptions {
  let after: string | undefined;
  if (input.Marker !== undefined) {
    const text = Buffer.from(input.Marker, 'base64url').toString('utf8');
    if (!text.startsWith(PREFIX) || Buffer.from(text, 'utf8').toString('base64url') !== input.Marker) {
      throw new QueryError('ValidationError', 'Invalid Marker.');
    }
    after = text.slice(PREFIX.length);
  }
  return { limit: input.MaxItems ?? 100, after, pathPrefix: input.PathPrefix };
}

export function pageMembers<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.next === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: Buffer.from(PREFIX + page.next, 'utf8').toString('base64url') };
}

/**
 * One page of a short list held whole (a user's tags, access keys, a policy's versions: at most 50), by position: the
 * marker of a page says how many items came before the next one.
 */
export function pageOfList<T>(all: readonly T[], input: Pick<PagingInput, 'Marker' | 'MaxItems'>): Page<T> {
  const { limit, after } = listOptions(input);
  const from = after === undefined ? 0 : Number(after);
  if (!Number.isSafeInteger(from) || from < 0) throw new QueryError('ValidationError', 'Invalid Marker.');
  const items = all.slice(from, from + limit);
  return { items, next: from + limit < all.length ? String(from + limit) : undefined };
}
