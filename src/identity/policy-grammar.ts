// The policy grammar check IAM and STS apply to the documents they store: the policy engine's parser (src/policy),
// its problem as the MalformedPolicyDocument text, or undefined when the document is valid.
export type DocumentKind = 'identity' | 'resource' | 'trust' | 'session';

export function checkPolicyGrammar(text: string, kind: DocumentKind): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'Syntax errors in policy.';
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('Statement' in doc)) return 'Syntax errors in policy.';
  void kind;
  return undefined;
}
