// Wildcard matching as IAM does it: `*` matches any run of characters (including none), `?` exactly one; everything
// else is literal. Patterns are turned into matchers once, at compile time.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
export type Matcher = (text: string) => boolean;

const REGEX_SPECIALS = /[\\^$.|+()[\]{}*?]/g;

export function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/** The regular-expression source of a glob, anchored by the caller. */
export function globSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) out += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch);
  return out;
}

export const hasWildcard = (pattern: string): boolean => pattern.includes('*') || pattern.includes('?');

const always: Matcher = () => true;

/** A matcher for one glob; literal patterns compare directly and `prefix*` uses startsWith, the common shapes. */
export function compileGlob(pattern: string, ignoreCase = false): Matcher {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const norm = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (p === '*') return always;
  if (!hasWildcard(p)) return (s) => norm(s) === p;
  const star = p.indexOf('*');
  if (star === p.length - 1 && !p.includes('?')) {
    const prefix = p.slice(0, -1);
    return (s) => norm(s).startsWith(prefix);
  }
  const re = new RegExp(`^${globSource(p)}$`, ignoreCase ? 'is' : 's');
  return (s) => re.test(s);
}
