// Policy variables: `${key}` placeholders (any single-valued context key), defaults `${key, 'value'}`, and the escapes
// `${*}`, `${?}`, `${$}`. Text is split into parts once; parts are resolved per request. Version 2008-10-17 documents
// keep every `${…}` literal. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
import { escapeRegex, globSource } from './glob.js';
import type { ContextValue } from './types.js';

/** Literal policy text (wildcards active in Like matching), an escaped character, or a variable. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'char'; readonly text: string }
  | { readonly kind: 'var'; readonly key: string; readonly fallback?: string };

export type Template = readonly TemplatePart[];

export type Lookup = (lowerKey: string) => ContextValue | undefined;

const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_BODY = /^\s*([A-Za-z0-9_.:/+=@-]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** The parts of a text, or undefined when it has no variable (the common case, matched without resolution). */
export function parseTemplate(text: string, enabled: boolean): Template | undefined {
  if (!enabled || !text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  let found = false;
  for (const m of text.matchAll(VARIABLE)) {
    const body = m[1]!;
    let part: TemplatePart | undefined;
    if (body === '*' || body === '?' || body === '$') part = { kind: 'char', text: body };
    else {
      const v = VARIABLE_BODY.exec(body);
      if (v) part = { kind: 'var', key: v[1]!.toLowerCase(), ...(v[2] !== undefined ? { fallback: v[2] } : {}) };
    }
    if (!part) continue; // not a variable: stays literal text
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push(part);
    last = m.index + m[0].length;
    found = true;
  }
  if (!found) return undefined;
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** A context value as a variable's text; multivalued keys cannot be variables (IAM User Guide). */
export function scalarText(value: ContextValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return value.length === 1 ? value[0] : undefined;
}

function partValue(part: TemplatePart, lookup: Lookup): string | undefined {
  if (part.kind !== 'var') return part.text;
  return scalarText(lookup(part.key)) ?? part.fallback;
}

/** The plain text, or undefined when a variable has no value and no default ("effectively null"). */
export function resolveText(template: Template, lookup: Lookup): string | undefined {
  let out = '';
  for (const part of template) {
    const v = partValue(part, lookup);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

/** The glob source: policy text keeps its wildcards, substituted values and escapes are literal. */
export function resolveGlobSource(template: Template, lookup: Lookup): string | undefined {
  let out = '';
  for (const part of template) {
    const v = partValue(part, lookup);
    if (v === undefined) return undefined;
    out += part.kind === 'text' ? globSource(v) : escapeRegex(v);
  }
  return out;
}

/** A small bounded cache of regular expressions built from resolved templates (the same user repeats). */
export class RegexCache {
  private readonly map = new Map<string, RegExp>();
  constructor(private readonly flags: string, private readonly limit = 256) {}

  get(source: string): RegExp {
    let re = this.map.get(source);
    if (!re) {
      if (this.map.size >= this.limit) this.map.clear();
      re = new RegExp(`^${source}$`, this.flags);
      this.map.set(source, re);
    }
    return re;
  }
}
