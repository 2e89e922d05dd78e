// Turns a value's matches into confirmed findings (key ARN, newest version) or unresolved candidates.
import type { Finding, Unresolved } from './inventory.js';
import type { KeyResolver } from './key-resolver.js';
import type { Match } from './match.js';

export async function resolveMatches(location: string, matches: readonly Match[], resolver: KeyResolver, found: Finding[], unresolved: Unresolved[]): Promise<Finding[]> {
  const mine: Finding[] = [];
  for (const m of matches) {
    const r = await resolver.resolve(m.keyId, m.keyVersion, m.keyArn);
    if (r.ok) mine.push({ ...m, location, arn: r.arn, newestVersion: r.newestVersion });
    else unresolved.push({ location, offset: m.offset, format: m.format, keyId: m.keyId, keyVersion: m.keyVersion, reason: r.reason });
  }
  found.push(...mine);
  return mine;
}
