// The policy engine's data model: parsed documents, the request it evaluates, and the decision it returns.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

/** Where a document is used; the grammar differs per kind (Principal, Resource, NotPrincipal rules). */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'session';

/** The two policy-language versions AWS accepts; only 2012-10-17 substitutes policy variables. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

/** A Principal or NotPrincipal element, normalised to lists per principal type. */
export interface PrincipalElement {
  /** `"Principal": "*"` (or `{"AWS": "*"}`): everyone. */
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** One condition: operator (as written) × key (as written) → values (JSON scalars turned into strings). */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ConditionEntry[];
}

export interface PolicyDocument {
  readonly kind: PolicyKind;
  /** The effective version: "2008-10-17" when the document has no Version element (AWS's default). */
  readonly version: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
}

/** Principal types as aws:PrincipalType reports them, plus the service and anonymous callers. */
export type PrincipalType =
  | 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'WebIdentityUser' | 'SAMLUser' | 'Service' | 'Anonymous';

/** The authenticated caller, as the authenticator resolved it. */
export interface RequestPrincipal {
  /** The caller's ARN (`arn:aws:iam::A:user/x`, `arn:aws:sts::A:assumed-role/R/S`, `arn:aws:iam::A:root`), or the
   * service principal name for a service. */
  readonly arn: string;
  readonly accountId: string;
  readonly type: PrincipalType;
  /** For a role session: the role's ARN (with its path), which the session inherits in Principal matching. */
  readonly roleArn?: string;
  /** For a federated-user session: the ARN of the IAM user who federated. */
  readonly sourceUserArn?: string;
  /** For web-identity and SAML sessions: the identity provider (`accounts.google.com`, a saml-provider ARN). */
  readonly federatedProvider?: string;
  /** aws:userid (AIDA…, AROA…:session, the account id for root). */
  readonly userId: string;
  /** aws:username (IAM users only). */
  readonly username?: string;
  /** aws:PrincipalTag/* (user or role tags, overridden by session tags). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A request-context value: one string, a multivalued key, a number, a boolean or a time. */
export type ContextValue = string | readonly string[] | number | boolean | Date;

/** Condition keys → values. Lookups are case-insensitive (IAM User Guide: "Key names are case-insensitive"). */
export type ConditionContext = Readonly<Record<string, ContextValue | undefined>>;

/** A KMS grant, as far as authorisation needs it. https://docs.aws.amazon.com/kms/latest/developerguide/grants.html */
export interface GrantInput {
  readonly grantId: string;
  readonly granteePrincipal: string;
  readonly operations: readonly string[];
  readonly constraints?: {
    readonly encryptionContextEquals?: Readonly<Record<string, string>>;
    readonly encryptionContextSubset?: Readonly<Record<string, string>>;
  };
}

/** A readonly input built up by assignment (cheaper than spreads on the request path). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
