// Readers for typed condition values: numbers, dates (W3C ISO 8601 profile or epoch seconds), booleans, base64 and
// IPv4/IPv6 CIDR blocks. Each returns undefined for text that is not of its form.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://www.w3.org/TR/NOTE-datetime (the date forms AWS names)

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function readNumber(text: string): number | undefined {
  if (!NUMBER.test(text.trim())) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

// YYYY-MM, YYYY-MM-DD, and the T forms with hh:mm, :ss and fractions, each with a time zone designator.
const W3C_DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?$/;
const EPOCH = /^-?\d+(\.\d+)?$/;

/** Milliseconds since the epoch. All-digit text is epoch seconds (so a bare "YYYY" is read as seconds, not a year). */
export function readDate(text: string): number | undefined {
  const t = text.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  const m = W3C_DATE.exec(t);
  if (!m) return undefined;
  const [, y, mo, d = '01', h = '00', mi = '00', s = '00', frac = '', tz = 'Z'] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 ||
    Number(s) > 60) return undefined;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${tz}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A request-context time: a Date, epoch seconds, or date text. */
export function contextDate(value: string | number | boolean | Date): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') return readDate(value);
  return undefined;
}

export function readBool(text: string): boolean | undefined {
  const t = text.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function readBase64(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** An address as 4 or 16 bytes, with the prefix length that applies to it. */
export interface Cidr { readonly bytes: Uint8Array; readonly prefix: number }

function ipv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const out: number[] = [];
  for (const [i, g] of groups.entries()) {
    if (i === groups.length - 1 && g.includes('.')) {
      const v4 = ipv4(g);
      if (!v4) return undefined;
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) out.push(parseInt(g, 16));
    else return undefined;
  }
  return out;
}

function ipv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0]!);
  const tail = halves.length === 2 ? hextets(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => { out[2 * i] = w >> 8; out[2 * i + 1] = w & 0xff; });
  return out;
}

/** An address or CIDR block; without a prefix, the whole address (IAM: "the default prefix value of /32"). */
export function readCidr(text: string): Cidr | undefined {
  const [addr = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const bytes = addr.includes(':') ? ipv6(addr) : ipv4(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return undefined;
  return { bytes, prefix: Number(prefixText) };
}

/** Whether an address lies in a block (families never mix). */
export function cidrContains(block: Cidr, address: Cidr): boolean {
  if (block.bytes.length !== address.bytes.length) return false;
  let bits = block.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((block.bytes[i]! & mask) !== (address.bytes[i]! & mask)) return false;
  }
  return true;
}
