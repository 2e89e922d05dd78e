// GetParametersForImport: an RSA wrapping public key and an import token (24 hours) for an EXTERNAL key.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { originNotExternal } from '../../import/import-material.js';
import { issueImportToken, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, type WrappingAlgorithm, type WrappingKeySpec } from '../../import/import-token.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { defineOperation } from '../../operation.js';

interface Input {
  KeyId: string;
  WrappingAlgorithm: WrappingAlgorithm;
  WrappingKeySpec: WrappingKeySpec;
}

export const getParametersForImport = defineOperation<Input>({
  name: 'GetParametersForImport',
  input: {
    KeyId: F.keyId(),
    WrappingAlgorithm: F.enumOf(WRAPPING_ALGORITHMS, true),
    WrappingKeySpec: F.enumOf(WRAPPING_KEY_SPECS, true),
  },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'GetParametersForImport', 'idOrArn');
    if (key.record.origin !== 'EXTERNAL') throw originNotExternal(key.arn, key.record.origin);
    const alg = input.WrappingAlgorithm;
    if (alg === 'RSAES_PKCS1_V1_5') {
      throw new KmsError('ValidationException', 'The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.');
    }
    if (alg === 'SM2PKE' || input.WrappingKeySpec === 'SM2') {
      throw new KmsError('UnsupportedOperationException', 'SM2 wrapping is available only in China Regions.');
    }
    if (key.record.keySpec.startsWith('RSA_') && !alg.startsWith('RSA_AES_KEY_WRAP_')) {
      throw new KmsError('ValidationException', `${alg} cannot wrap RSA private key material. Use RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.`);
    }
    const issued = await issueImportToken(ctx.service, key.record.keyId, alg, input.WrappingKeySpec);
    ctx.used(key);
    ctx.audit.details.wrappingAlgorithm = alg;
    ctx.audit.details.wrappingKeySpec = input.WrappingKeySpec;
    return {
      KeyId: key.arn, ImportToken: issued.token, PublicKey: issued.publicKey, ParametersValidTo: epochSeconds(issued.expiresAt),
    };
  },
});
