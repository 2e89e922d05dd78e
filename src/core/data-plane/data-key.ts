// Data keys for envelope encryption: size from KeySpec or NumberOfBytes (exactly one), sealed under a symmetric key.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
import { randomBytes } from 'node:crypto';
import { DATA_KEY_SPECS, type DataKeySpec } from '../../protocol/enums.js';
import { KmsError } from '../../protocol/errors.js';
import { F, type Shape } from '../../protocol/shape.js';
import type { OperationContext } from '../context.js';
import type { KeyAccess } from '../keys/key-state-table.js';
import { encryptionKey, sealWith } from './symmetric.js';

export interface DataKeyInput {
  KeyId: string; EncryptionContext?: Record<string, string>; NumberOfBytes?: number; KeySpec?: DataKeySpec;
  GrantTokens?: string[]; DryRun?: boolean;
}

export const dataKeyInput: Shape = {
  KeyId: F.keyId(), EncryptionContext: F.context(), NumberOfBytes: { t: 'int', min: 1, max: 1024 },
  KeySpec: F.enumOf(DATA_KEY_SPECS), GrantTokens: F.grantTokens(),
};

const SPEC_BYTES: Record<DataKeySpec, number> = { AES_256: 32, AES_128: 16 };

function dataKeyLength(input: DataKeyInput): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw new KmsError('ValidationException', 'Please specify either number of bytes or key spec.');
  }
  return input.KeySpec ? SPEC_BYTES[input.KeySpec] : input.NumberOfBytes!;
}

export async function makeDataKey(ctx: OperationContext, input: DataKeyInput, access: KeyAccess & string) {
  const length = dataKeyLength(input);
  const key = await encryptionKey(ctx, input.KeyId, access, access);
  ctx.dryRun(input.DryRun);
  const plaintext = randomBytes(length);
  const { blob, materialId } = sealWith(ctx, key, plaintext, input.EncryptionContext);
  return { plaintext, blob, key, materialId };
}
