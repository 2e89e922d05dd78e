// The policy grammar check IAM and STS apply to the documents they store or pass on: the policy engine's parser
// (src/policy/parse-policy.ts), whose PolicyGrammarError text becomes the MalformedPolicyDocument message.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
import { parsePolicy, PolicyGrammarError } from '../policy/index.js';

/** identity: user/group/role inline and managed policies; trust: a role's trust policy; session: AssumeRole's Policy. */
export type DocumentKind = 'identity' | 'trust' | 'session';

/** The grammar problem of a document, as IAM words it, or undefined when the document is valid. */
export function checkPolicyGrammar(text: string, kind: DocumentKind): string | undefined {
  try {
    parsePolicy(text, kind);
    return undefined;
  } catch (err) {
    if (err instanceof PolicyGrammarError) return err.message;
    throw err;
  }
}
