// Canonical JSON for signed documents: object members sorted by key (UTF-16 code units, as RFC 8785 §3.2.3), no
// whitespace, strings and integers as JSON.stringify writes them. Receipts hold only strings, integers, booleans,
// arrays and objects, for which this is RFC 8785's JSON Canonicalization Scheme (https://www.rfc-editor.org/rfc/rfc8785).
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError('canonical JSON here holds integers only');
  return JSON.stringify(value);
}
