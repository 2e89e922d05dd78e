// Policy documents IAM accepts: the size quota of each kind of document, then the policy grammar (src/policy), with
// MalformedPolicyDocument and IAM's texts. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
import { checkPolicyGrammar, type DocumentKind } from '../policy-grammar.js';
import { limitExceeded, malformedPolicy } from '../errors.js';

/** Characters of the document without whitespace count against the quota, as IAM counts them. */
export function checkDocument(text: string, kind: DocumentKind, maxChars: number, label: string): void {
  const counted = text.replace(/\s+/g, '').length;
  if (counted > maxChars) throw limitExceeded(`Cannot exceed quota for ${label}: ${maxChars}`);
  const problem = checkPolicyGrammar(text, kind);
  if (problem !== undefined) throw malformedPolicy(problem);
}
