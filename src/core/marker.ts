// Pagination markers: opaque to clients (base64url of the store's position), validated on the way back in.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html (Marker / NextMarker / Truncated)
import { KmsError } from '../protocol/errors.js';
import type { Page } from './ports.js';

const PREFIX = 'kw1:';

export function encodeMarker(position: string): string {
  return Buffer.from(PREFIX + position, 'utf8').toString('base64url');
}

/** Decodes a Marker from a previous NextMarker; anything else is InvalidMarkerException. */
export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || Buffer.from(text, 'utf8').toString('base64url') !== marker) {
    throw new KmsError('InvalidMarkerException', 'Invalid marker');
  }
  return text.slice(PREFIX.length);
}

/** The paging members of a List* response. */
export function pageMembers<T>(page: Page<T>): { Truncated: boolean; NextMarker?: string } {
  return page.next === undefined ? { Truncated: false } : { Truncated: true, NextMarker: encodeMarker(page.next) };
}
