// Key policy documents: the AWS default policy for keys created without one, and the checks CreateKey and
// PutKeyPolicy apply. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
import { KmsError } from '../../protocol/errors.js';
import type { Field } from '../../protocol/shape.js';

/** AWS's quota on a key policy document. */
export const MAX_POLICY_BYTES = 32 * 1024;

/** The default key policy, formatted as AWS formats it. */
export function defaultKeyPolicy(accountId: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}

/** Checks a supplied policy: size quota, JSON, and a Statement list. */
export function checkPolicy(policy: string): void {
  if (Buffer.byteLength(policy, 'utf8') > MAX_POLICY_BYTES) {
    throw new KmsError('LimitExceededException', `Policy document exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw new KmsError('MalformedPolicyDocumentException', 'The policy document is not valid JSON.');
  }
  const statements = (doc as { Statement?: unknown } | null)?.Statement;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || statements === undefined) {
    throw new KmsError('MalformedPolicyDocumentException', 'The policy document must be a JSON object with a Statement.');
  }
}

export const POLICY_FIELD: Field = { t: 'string', min: 1, max: 131072, pattern: /[\u0009\u000A\u000D\u0020-\u00FF]+/ };
export const POLICY_NAME_FIELD: Field = { t: 'string', min: 1, max: 128, pattern: /[\w]+/ };

/** The only key policy name AWS has. */
export function requireDefaultPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') {
    throw new KmsError('NotFoundException', `No such policy exists: ${name}`);
  }
}
