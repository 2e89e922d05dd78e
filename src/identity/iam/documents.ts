// Policy documents IAM accepts: the size quota of each kind of document, then the policy grammar (src/policy), with
// LimitExceeded and MalformedPolicyDocument and IAM's texts. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
import { checkPolicyGrammar, type DocumentKind } from '../policy-grammar.js';
import { limitExceeded, malformedPolicy } from '../errors.js';

/** A document's size as IAM counts it against its quotas: "IAM does not count white space" (IAM and STS quotas). */
export const policyChars = (text: string): number => text.replace(/\s+/g, '').length;

/** The grammar check alone: MalformedPolicyDocument with the engine's text. */
export function checkGrammar(text: string, kind: DocumentKind): void {
  const problem = checkPolicyGrammar(text, kind);
  if (problem !== undefined) throw malformedPolicy(problem);
}

/** A managed policy or trust policy: at most `maxChars` ("Cannot exceed quota for <label>: <max>"), then the grammar. */
export function checkDocument(text: string, kind: DocumentKind, maxChars: number, label: string): void {
  if (policyChars(text) > maxChars) throw limitExceeded(`Cannot exceed quota for ${label}: ${maxChars}`);
  checkGrammar(text, kind);
}
