// Data key pairs for client-side asymmetric crypto: a fresh pair generated off the event loop (with a pairwise
// consistency test), the private key (DER PKCS#8) sealed under a symmetric key as a normal ciphertext blob
// that plain Decrypt opens. https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html
import { offload } from '../../crypto/worker-pool.js';
import { DATA_KEY_PAIR_SPECS } from '../../protocol/enums.js';
import { KmsError } from '../../protocol/errors.js';
import { F, type Shape } from '../../protocol/shape.js';
import type { OperationContext } from '../context.js';
import { KEY_PAIR_KIND } from '../keys/key-spec-crypto.js';
import { encryptionKey, sealWith } from './symmetric.js';

export interface DataKeyPairInput {
  KeyId: string; KeyPairSpec: (typeof DATA_KEY_PAIR_SPECS)[number]; EncryptionContext?: Record<string, string>;
  GrantTokens?: string[]; DryRun?: boolean; Recipient?: unknown;
}

export const dataKeyPairInput: Shape = {
  EncryptionContext: F.context(), KeyId: F.keyId(), KeyPairSpec: F.enumOf(DATA_KEY_PAIR_SPECS, true), GrantTokens: F.grantTokens(),
  DryRun: F.dryRun(),
};

export async function makeDataKeyPair(ctx: OperationContext, input: DataKeyPairInput, access: 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext') {
  const key = await encryptionKey(ctx, input.KeyId, access, access);
  const kind = KEY_PAIR_KIND[input.KeyPairSpec];
  if (!kind) {
    // SM2 exists only in AWS's China Regions; Keyward does not implement it (docs/key-types.md).
    throw new KmsError('UnsupportedOperationException', `KeyPairSpec ${input.KeyPairSpec} is not supported by this Keyward server.`);
  }
  ctx.dryRun(input.DryRun);
  const pair = await offload('generateKeyPair', { kind });
  const { blob, materialId } = sealWith(ctx, key, pair.privateKey, input.EncryptionContext);
  return { key, privateKey: pair.privateKey, publicKey: pair.spki, blob, materialId };
}
