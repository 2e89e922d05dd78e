// Which calls a rule's operation names cover, as a table. A name protects every call of the operation; a qualified
// name (`CreateGrant:CrossAccount`) only the calls its condition holds for. The default set is the list:
// destruction, policy, grants to outsiders, rotation off, replacing imported material, roots of trust, and the rules.

/** What a qualifier's condition sees of a call. */
export interface CallFacts {
  operation: string;
  input: Record<string, unknown>;
  /** The caller's (and the installation's) account. */
  accountId: string;
  /** The key's state when the call names a key (ImportKeyMaterial: PendingImport means no material yet). */
  keyState?: string | undefined;
}

/** The account of an IAM/STS principal ARN (arn:aws:iam::<account>:...), or undefined for anything else. */
const arnAccount = (arn: unknown): string | undefined =>
  typeof arn === 'string' ? /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] : undefined;

export const QUALIFIERS: Readonly<Record<string, { operation: string; doc: string; holds: (c: CallFacts) => boolean }>> = {
  'CreateGrant:CrossAccount': {
    operation: 'CreateGrant',
    doc: 'a grant whose GranteePrincipal is outside the account (or a bare account id other than it)',
    holds: (c) => {
      const grantee = c.input.GranteePrincipal;
      if (typeof grantee !== 'string') return false;
      const account = /^\d{12}$/.test(grantee) ? grantee : arnAccount(grantee);
      return account !== c.accountId;
    },
  },
  'ImportKeyMaterial:ExistingMaterial': {
    operation: 'ImportKeyMaterial',
    doc: 'an import into a key that has key material (reimport or a new version), not the first import',
    holds: (c) => c.keyState !== undefined && c.keyState !== 'PendingImport',
  },
};

/** The operations a rule protects when it names none. */
export const DEFAULT_PROTECTED: readonly string[] = [
  'ScheduleKeyDeletion', 'ScheduleKeyVersionDestruction', 'PutKeyPolicy', 'CreateGrant:CrossAccount', 'DisableKeyRotation',
  'ImportKeyMaterial:ExistingMaterial', 'DeleteImportedKeyMaterial', 'RotateBarrier', 'Seal',
  'PutApprovalRule', 'DeleteApprovalRule',
];

/**
 * Operations no rule may name: the approval workflow itself (protecting ApproveRequest would need an approval to
 * approve) and reads of it.
 */
export const UNPROTECTABLE: ReadonlySet<string> = new Set([
  'ApproveRequest', 'RejectRequest', 'ExecuteApprovedRequest', 'DescribeApprovalRequest', 'ListApprovalRequests',
  'GetApprovalRule', 'ListApprovalRules',
]);

/** The operation part of a rule entry. */
export const entryOperation = (entry: string): string => QUALIFIERS[entry]?.operation ?? entry;

/** Whether a rule entry covers a call. */
export function entryCovers(entry: string, call: CallFacts): boolean {
  const q = QUALIFIERS[entry];
  if (q) return q.operation === call.operation && q.holds(call);
  return entry === call.operation;
}
