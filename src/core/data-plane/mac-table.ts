// MAC algorithms as data: the hash behind each AWS MacAlgorithmSpec (HMAC per RFC 2104 / FIPS 198-1).
import type { HashName } from '../../crypto/digest.js';
import type { MacAlgorithm } from '../../protocol/enums.js';

export const MAC_HASH: Readonly<Record<MacAlgorithm, HashName>> = {
  HMAC_SHA_224: 'sha224', HMAC_SHA_256: 'sha256', HMAC_SHA_384: 'sha384', HMAC_SHA_512: 'sha512',
};
