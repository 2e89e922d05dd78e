// Which request and response members an audit event leaves out or hashes: the rule table behind
// requestParameters/responseElements (src/audit/events/event-parameters.ts). CloudTrail omits plaintexts, ciphertexts,
// messages, signatures and secrets from KMS, IAM and STS events; Keyward also HMACs what a reader of the log could
// misuse or correlate (encryption-context values, grant tokens, external ids), Vault-style, so records can still be
// found by value (`keyward audit hash`). https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html
// https://developer.hashicorp.com/vault/docs/audit#sensitive-information

/** Members never recorded, at any depth: key material, data, secrets. */
export const OMITTED_MEMBERS: ReadonlySet<string> = new Set([
  // KMS data and key material
  'Plaintext', 'CiphertextBlob', 'CiphertextForRecipient', 'Message', 'Signature', 'Mac', 'SharedSecret',
  'PrivateKeyPlaintext', 'PrivateKeyCiphertextBlob', 'PublicKey', 'EncryptedKeyMaterial', 'ImportToken', 'Recipient',
  'AttestationDocument',
  // IAM and STS secrets
  'SecretAccessKey', 'SessionToken', 'Password', 'OldPassword', 'NewPassword', 'TokenCode', 'SAMLAssertion',
  'WebIdentityToken',
]);

/**
 * Members whose values are replaced by their HMAC (maps: each value, keys kept as given — encryption-context keys are
 * not secret and AWS's own logs show them; lists: each element; strings: the string).
 */
export const HASHED_MEMBERS: ReadonlySet<string> = new Set([
  'EncryptionContext', 'SourceEncryptionContext', 'DestinationEncryptionContext',
  'EncryptionContextEquals', 'EncryptionContextSubset',
  'GrantTokens', 'GrantToken', 'ExternalId',
]);

/**
 * Operations whose answer CloudTrail records (responseElements); every other answer is recorded as null, as KMS does
 * for its data plane and reads. Creations, so the log says what was created.
 */
export const RESPONSE_RECORDED: ReadonlySet<string> = new Set([
  'CreateKey', 'CreateGrant', 'ReplicateKey', 'GetParametersForImport',
  'iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateGroup', 'iam:CreateRole', 'iam:CreatePolicy',
  'iam:CreatePolicyVersion', 'sts:AssumeRole', 'sts:GetSessionToken',
]);

/** Operations that change nothing besides the ones named by prefix (List, Describe, Get): CloudTrail's readOnly. */
export const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateRandom', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac',
  'DeriveSharedSecret', 'sts:AssumeRole', 'sts:GetSessionToken', 'sts:GetCallerIdentity',
]);
