// What the detectors learn of one answered request (built by the dispatcher's audit step, src/server/request-audit.ts),
// and the source network of an address: /24 for IPv4, /64 for IPv6 (an IPv4-mapped IPv6 address counts as IPv4).
import { isIPv4, isIPv6 } from 'node:net';

export interface Observation {
  /** Service-clock epoch ms. */
  time: number;
  operation: string;
  /** The caller's ARN ('-' when authentication failed). */
  principal: string;
  source: string;
  keyArn?: string | undefined;
  errorCode?: string | undefined;
  /** The names (never the values) of the request's EncryptionContext. */
  contextKeys?: readonly string[] | undefined;
}

export const UNAUTHENTICATED = '-';

/** The /24 or /64 network of an address, or undefined for anything else (a unix socket, '-'). */
export function networkOf(address: string): string | undefined {
  const v4 = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(v4)) return `${v4.slice(0, v4.lastIndexOf('.'))}.0/24`;
  if (!isIPv6(address)) return undefined;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, without leading zeros (a zone id is dropped). */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => (h.includes('.') ? h : (parseInt(h, 16) || 0).toString(16)));
}
