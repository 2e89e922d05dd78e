// ListAliases' predefined aliases: the `alias/aws/<service>` names that have no key yet, listed without TargetKeyId
// after the stored aliases. https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html ("The response
// might also include aliases that have no TargetKeyId field. These are predefined aliases that Amazon Web Services
// has created but has not yet associated with a KMS key.")
import type { AliasRecord } from '../model.js';
import type { Page, Store } from '../ports.js';
import { AWS_MANAGED_SERVICES } from './aws-managed.js';

/**
 * Marker positions past the stored aliases start with this. Alias names start with `alias/`, so no stored position
 * can look like it; the predefined phase never consults the store's order, so its collation cannot matter.
 */
const PREDEFINED_PHASE = 'predefined:';

/** A stored alias, or a predefined one whose key does not exist yet (no target, no dates). */
export type ListedAlias = AliasRecord | { aliasName: string; targetKeyId?: undefined };

const PREDEFINED_NAMES: readonly string[] = Object.keys(AWS_MANAGED_SERVICES).map((s) => `alias/aws/${s}`).sort();

/** The predefined names not stored yet, in name order, after `after` (exclusive). */
async function missingPredefined(store: Store, region: string, after: string): Promise<string[]> {
  const candidates = PREDEFINED_NAMES.filter((name) => name > after);
  const stored = await Promise.all(candidates.map((name) => store.getAlias(name, region)));
  return candidates.filter((_, i) => stored[i] === undefined);
}

/** `before` followed by as many of the `missing` predefined names as fit in `limit`; the rest on later pages. */
function fill(before: AliasRecord[], missing: string[], limit: number): Page<ListedAlias> {
  const taken = missing.slice(0, Math.max(limit - before.length, 0));
  const items: ListedAlias[] = [...before, ...taken.map((aliasName) => ({ aliasName }))];
  if (taken.length === missing.length) return { items };
  return { items, next: PREDEFINED_PHASE + (taken[taken.length - 1] ?? '') };
}

/**
 * One page of every alias in the account and Region: the stored ones in the store's order, then the predefined
 * aliases that have no key there. `after` is the decoded Marker.
 */
export async function listAccountAliases(store: Store, region: string, limit: number, after: string | undefined): Promise<Page<ListedAlias>> {
  if (after?.startsWith(PREDEFINED_PHASE)) return fill([], await missingPredefined(store, region, after.slice(PREDEFINED_PHASE.length)), limit);
  const stored = await store.listAliases(limit, after, undefined, region);
  if (stored.next !== undefined) return stored;
  return fill(stored.items, await missingPredefined(store, region, ''), limit);
}
