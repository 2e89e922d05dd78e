// The Keyward-Signature header of webhook deliveries, on Stripe's scheme (https://docs.stripe.com/webhooks#verify-manually):
// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the webhook secret>`. The timestamp is signed with the
// body, so a receiver that rejects old timestamps also rejects replays; it compares in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Keyward-Signature';
/** A receiver should refuse signatures older than this (Stripe's default tolerance). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureFor(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for a body sent at `timestamp` (unix seconds, real time). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureFor(secret, timestamp, body)}`;
}

/**
 * Checks a Keyward-Signature header as a receiver must: some v1 signature matches the body and its timestamp, and the
 * timestamp is within `toleranceSeconds` of `nowSeconds`. Returns the signed timestamp, or undefined if invalid.
 */
export function verifySignatureHeader(
  secret: string, header: string | undefined, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): number | undefined {
  if (header === undefined) return undefined;
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return undefined;
  const expected = Buffer.from(signatureFor(secret, t, body), 'hex');
  const ok = parts.some(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v) && timingSafeEqual(Buffer.from(v, 'hex'), expected));
  return ok ? t : undefined;
}
