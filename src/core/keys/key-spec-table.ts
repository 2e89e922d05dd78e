// Key-spec capabilities as data: one record per KeySpec with its usages and the algorithms each usage lists.
// Source: KMS Developer Guide "Key spec reference"; ../shared/reference/aws-kms-api.md §3.2.
import type {
  EncryptionAlgorithm, KeyAgreementAlgorithm, KeySpec, KeyUsage, MacAlgorithm, SigningAlgorithm,
} from '../../protocol/enums.js';

/** The algorithm lists KeyMetadata and GetPublicKey show for one (spec, usage). Exactly one list is present. */
export interface AlgorithmLists {
  EncryptionAlgorithms?: readonly EncryptionAlgorithm[];
  SigningAlgorithms?: readonly SigningAlgorithm[];
  MacAlgorithms?: readonly MacAlgorithm[];
  KeyAgreementAlgorithms?: readonly KeyAgreementAlgorithm[];
}

export interface KeySpecInfo {
  /** Usages the spec admits, each with its algorithm lists. */
  usages: Partial<Record<KeyUsage, AlgorithmLists>>;
  /** True only for SYMMETRIC_DEFAULT: the one spec for which KeyUsage may be omitted. */
  usageOptional?: boolean;
  /** Whether this build of Keyward can create keys of this spec. */
  supported: boolean;
}

const RSA_ENC: AlgorithmLists = { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] };
const RSA_SIGN: AlgorithmLists = {
  SigningAlgorithms: [
    'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512',
    'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
  ],
};
const ECDH: AlgorithmLists = { KeyAgreementAlgorithms: ['ECDH'] };
const rsa: KeySpecInfo = { usages: { ENCRYPT_DECRYPT: RSA_ENC, SIGN_VERIFY: RSA_SIGN }, supported: true };
const ec = (alg: SigningAlgorithm, agreement: boolean): KeySpecInfo => ({
  usages: agreement ? { SIGN_VERIFY: { SigningAlgorithms: [alg] }, KEY_AGREEMENT: ECDH } : { SIGN_VERIFY: { SigningAlgorithms: [alg] } },
  supported: true,
});
const hmac = (alg: MacAlgorithm): KeySpecInfo => ({ usages: { GENERATE_VERIFY_MAC: { MacAlgorithms: [alg] } }, supported: true });
const mlDsa: KeySpecInfo = { usages: { SIGN_VERIFY: { SigningAlgorithms: ['ML_DSA_SHAKE_256'] } }, supported: true };

export const KEY_SPEC_TABLE: Readonly<Record<KeySpec, KeySpecInfo>> = {
  SYMMETRIC_DEFAULT: { usages: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } }, usageOptional: true, supported: true },
  RSA_2048: rsa,
  RSA_3072: rsa,
  RSA_4096: rsa,
  ECC_NIST_P256: ec('ECDSA_SHA_256', true),
  ECC_NIST_P384: ec('ECDSA_SHA_384', true),
  ECC_NIST_P521: ec('ECDSA_SHA_512', true),
  ECC_SECG_P256K1: ec('ECDSA_SHA_256', false),
  ECC_NIST_EDWARDS25519: { usages: { SIGN_VERIFY: { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] } }, supported: true },
  HMAC_224: hmac('HMAC_SHA_224'),
  HMAC_256: hmac('HMAC_SHA_256'),
  HMAC_384: hmac('HMAC_SHA_384'),
  HMAC_512: hmac('HMAC_SHA_512'),
  ML_DSA_44: mlDsa,
  ML_DSA_65: mlDsa,
  ML_DSA_87: mlDsa,
  // SM2 exists only in AWS's China Regions; Keyward does not offer it (docs/compatibility.md).
  SM2: { usages: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ['SM2PKE'] }, SIGN_VERIFY: { SigningAlgorithms: ['SM2DSA'] }, KEY_AGREEMENT: ECDH }, supported: false },
};

export function algorithmsFor(spec: KeySpec, usage: KeyUsage): AlgorithmLists {
  return KEY_SPEC_TABLE[spec].usages[usage] ?? {};
}
