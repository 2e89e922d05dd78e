// Checks a key policy document in the page before anything is sent: JSON syntax (with the position), then the
// grammar the server enforces too (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html):
// a Statement list whose entries have Effect Allow|Deny, a Principal, an Action and a Resource. The server's
// MalformedPolicyDocumentException stays the final word; this only catches mistakes early and says where.
const RULES = [
  [(s) => s.Effect === 'Allow' || s.Effect === 'Deny', 'Effect must be "Allow" or "Deny"'],
  [(s) => 'Principal' in s || 'NotPrincipal' in s, 'a key policy statement needs a Principal'],
  [(s) => 'Action' in s || 'NotAction' in s, 'needs an Action (or NotAction)'],
  [(s) => 'Resource' in s || 'NotResource' in s, 'needs a Resource (or NotResource)'],
];

/** [] when the document passes, else the problems found, each a sentence. */
export function checkPolicy(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return [`The policy is not valid JSON: ${err.message}`];
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['The policy must be a JSON object.'];
  const problems = [];
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') problems.push('Version must be "2012-10-17" (or "2008-10-17").');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement && typeof doc.Statement === 'object' ? [doc.Statement] : undefined;
  if (!statements || statements.length === 0) return [...problems, 'The policy needs a Statement (a list of statements).'];
  statements.forEach((s, i) => {
    const name = `Statement ${i + 1}${s && s.Sid ? ` (${s.Sid})` : ''}`;
    if (typeof s !== 'object' || s === null) return void problems.push(`${name} must be an object.`);
    for (const [ok, why] of RULES) if (!ok(s)) problems.push(`${name}: ${why}.`);
  });
  return problems;
}

/** The document re-indented the way GetKeyPolicy's is compared in the diff (2 spaces). */
export const formatPolicy = (text) => JSON.stringify(JSON.parse(text), null, 2);
