// ARN matching for Resource/NotResource and the Arn* condition operators: each of the six colon-delimited parts is
// matched on its own (case-sensitive, `*` and `?` within a part; the resource part may itself contain colons).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
import { compileGlob, type Matcher } from './glob.js';
import { parseTemplate, resolveGlobSource, RegexCache, type Lookup, type Template } from './variables.js';

const SEGMENTS = 6;

/** arn:partition:service:region:account:resource → its six parts, or undefined for text that is not an ARN. */
export function splitArn(text: string): string[] | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < SEGMENTS - 1; i++) {
    const at = text.indexOf(':', from);
    if (at < 0) return undefined;
    parts.push(text.slice(from, at));
    from = at + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

type Segment = { readonly glob: Matcher } | { readonly template: Template };

/** A compiled ARN pattern: `(value split by splitArn, or the raw text when it is no ARN, lookup) → match`. */
export type ArnMatcher = (arn: readonly string[] | undefined, raw: string, lookup: Lookup) => boolean;

const regexes = new RegexCache('s');

function segmentMatches(seg: Segment, value: string, lookup: Lookup): boolean {
  if ('glob' in seg) return seg.glob(value);
  const source = resolveGlobSource(seg.template, lookup);
  // A variable with no value makes the pattern match nothing (IAM User Guide, "Policy variables with no value").
  return source !== undefined && regexes.get(source).test(value);
}

function compileSegment(text: string, variables: boolean): Segment {
  const template = parseTemplate(text, variables);
  return template ? { template } : { glob: compileGlob(text) };
}

/**
 * Compiles one pattern. `variablesFrom` is the first part in which variables are substituted (5, the resource part,
 * for the Resource element; 0 for Arn* conditions; SEGMENTS for none).
 */
export function compileArnPattern(pattern: string, variablesFrom: number): ArnMatcher {
  if (pattern === '*') return () => true;
  const parts = splitArn(pattern);
  if (!parts) {
    const whole = compileSegment(pattern, variablesFrom === 0);
    return (_arn, raw, lookup) => segmentMatches(whole, raw, lookup);
  }
  const segments = parts.map((p, i) => compileSegment(p, i >= variablesFrom));
  return (arn, raw, lookup) => {
    if (!arn) return segments.every((s) => 'glob' in s) && parts.join(':') === raw;
    for (let i = 0; i < SEGMENTS; i++) if (!segmentMatches(segments[i]!, arn[i]!, lookup)) return false;
    return true;
  };
}
