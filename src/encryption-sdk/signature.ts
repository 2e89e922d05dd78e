// The message signature: an ECDSA key pair per message, its public key as a compressed point in the encryption
// context, and a DER ECDSA signature over header and body in the footer.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/transitive-requirements.md#ecdsa
// and data-format/message-footer.md.
import { ECDH, createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject, type Sign, type Verify } from 'node:crypto';
import type { AlgorithmSuite } from './algorithm-suites.js';
import { EsdkError } from './errors.js';

type SignatureSpec = NonNullable<AlgorithmSuite['signature']>;
const OPENSSL_CURVE = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' } as const;

export interface SigningKey {
  privateKey: KeyObject;
  /** The SEC 1 §2.3.3 compressed public point, base64 in the context under aws-crypto-public-key. */
  compressedPublicKey: Buffer;
}

export function generateSigningKey(spec: SignatureSpec): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: spec.curve });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  const compressedPublicKey = Buffer.concat([Buffer.from([0x02 | (y[y.length - 1]! & 1)]), x]);
  return { privateKey, compressedPublicKey };
}

/** Rebuilds the verification key from the compressed point in the context; refuses points not on the curve. */
export function verificationKey(spec: SignatureSpec, compressed: Buffer): KeyObject {
  const coordinate = spec.curve === 'P-256' ? 32 : 48;
  if (compressed.length !== coordinate + 1 || (compressed[0] !== 2 && compressed[0] !== 3)) {
    throw new EsdkError('The message signature public key is malformed');
  }
  try {
    const point = ECDH.convertKey(compressed, OPENSSL_CURVE[spec.curve], undefined, undefined, 'uncompressed') as Buffer;
    const x = point.subarray(1, 1 + coordinate).toString('base64url');
    const y = point.subarray(1 + coordinate).toString('base64url');
    return createPublicKey({ key: { kty: 'EC', crv: spec.curve, x, y }, format: 'jwk' });
  } catch {
    throw new EsdkError('The message signature public key is not a point on the curve');
  }
}

/**
 * Accumulates the bytes the signature covers (header and body, in order) as they stream past. node:crypto's Sign and
 * Verify objects hash incrementally, so the message is hashed once, in constant memory.
 */
export class MessageSigner {
  private readonly signer: Sign;
  constructor(spec: SignatureSpec, private readonly key: SigningKey) {
    this.signer = createSign(spec.hash);
  }
  update(bytes: Buffer): void {
    this.signer.update(bytes);
  }
  /** The DER ECDSA-Sig-Value for the footer. */
  sign(): Buffer {
    return this.signer.sign({ key: this.key.privateKey, dsaEncoding: 'der' });
  }
}

export class MessageVerifier {
  private readonly verifier: Verify;
  constructor(spec: SignatureSpec, private readonly publicKey: KeyObject) {
    this.verifier = createVerify(spec.hash);
  }
  update(bytes: Buffer): void {
    this.verifier.update(bytes);
  }
  verify(signature: Buffer): boolean {
    try {
      return this.verifier.verify({ key: this.publicKey, dsaEncoding: 'der' }, signature);
    } catch {
      return false;
    }
  }
}
