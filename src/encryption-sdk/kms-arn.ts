// AWS KMS key ARNs as the KMS keyring reads them from encrypted data keys.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/aws-kms/aws-kms-key-arn.md
export interface KmsArn {
  partition: string;
  region: string;
  account: string;
  resourceType: 'key' | 'alias';
  resource: string;
}

/** Parses `arn:PARTITION:kms:REGION:ACCOUNT:key/ID` (or alias/NAME); null when it is not a KMS ARN. */
export function parseKmsArn(s: string): KmsArn | null {
  const parts = s.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'kms') return null;
  const [, partition, , region, account] = parts as [string, string, string, string, string];
  const resourcePart = parts.slice(5).join(':');
  const slash = resourcePart.indexOf('/');
  const resourceType = resourcePart.slice(0, slash);
  const resource = resourcePart.slice(slash + 1);
  if (!partition || !region || !account || slash <= 0 || !resource) return null;
  if (resourceType !== 'key' && resourceType !== 'alias') return null;
  return { partition, region, account, resourceType, resource };
}

/** The Region of a key identifier when it is an ARN (the SDK sends each call to the key's Region). */
export function regionOf(keyId: string): string | undefined {
  return parseKmsArn(keyId)?.region;
}
