// The Principal / NotPrincipal element: `"*"`, or an object of AWS (account id, account root, user, role, assumed-role
// session, federated user), Service, Federated and CanonicalUser principals; no partial wildcards.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
import { GRAMMAR_MESSAGES as M, grammarError } from './grammar-error.js';
import type { PolicyDocument, PrincipalElement } from './types.js';

const NAME = "[\\w+=,.@-]+";
const PATH = `(?:/${NAME})*/`;
const PARTITION = 'aws(?:-[a-z]+)*';

/** The forms an AWS principal may take, as a table (IAM User Guide "Specifying a principal"). */
const AWS_PRINCIPAL_FORMS: readonly RegExp[] = [
  /^\d{12}$/,
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:root$`),
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user${PATH}${NAME}$`),
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role${PATH}${NAME}$`),
  new RegExp(`^arn:${PARTITION}:sts::\\d{12}:assumed-role/${NAME}/${NAME}$`),
  new RegExp(`^arn:${PARTITION}:sts::\\d{12}:federated-user/${NAME}$`),
];
const SERVICE_FORM = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const FEDERATED_FORMS: readonly RegExp[] = [
  SERVICE_FORM,
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(saml-provider|oidc-provider)/[\\w+=,.@/:-]+$`),
];
const CANONICAL_FORM = /^[0-9a-f]{64}$/;

type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

const FORMS: Record<PrincipalType, (v: string) => boolean> = {
  AWS: (v) => v === '*' || AWS_PRINCIPAL_FORMS.some((re) => re.test(v)),
  Service: (v) => SERVICE_FORM.test(v),
  Federated: (v) => FEDERATED_FORMS.some((re) => re.test(v)),
  CanonicalUser: (v) => CANONICAL_FORM.test(v),
};

function values(type: PrincipalType, raw: unknown): string[] {
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.length > 0 ? raw : undefined;
  if (!list || list.some((v) => typeof v !== 'string')) grammarError(M.principalShape);
  for (const v of list as string[]) if (!FORMS[type](v)) grammarError(M.invalidPrincipal(type, v));
  return list as string[];
}

export function parsePrincipalElement(raw: unknown): PrincipalElement {
  if (raw === '*') return { any: true, aws: [], service: [], federated: [], canonicalUser: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) grammarError(M.principalShape);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) grammarError(M.principalShape);
  const out = { any: false, aws: [] as string[], service: [] as string[], federated: [] as string[], canonicalUser: [] as string[] };
  const field: Record<PrincipalType, string[]> = {
    AWS: out.aws, Service: out.service, Federated: out.federated, CanonicalUser: out.canonicalUser,
  };
  for (const [type, value] of entries) {
    if (!Object.hasOwn(field, type)) grammarError(M.principalShape);
    field[type as PrincipalType].push(...values(type as PrincipalType, value));
  }
  return out;
}

/** A principal a document names, for the caller's existence check ("invalid principals"). */
export interface NamedPrincipal { readonly type: PrincipalType; readonly value: string }

/** Every principal named in Principal and NotPrincipal elements, once each, `*` excluded. */
export function policyPrincipals(doc: PolicyDocument): NamedPrincipal[] {
  const seen = new Map<string, NamedPrincipal>();
  const add = (type: PrincipalType, list: readonly string[]) => {
    for (const value of list) if (value !== '*') seen.set(`${type}\u0000${value}`, { type, value });
  };
  for (const s of doc.statements) {
    for (const p of [s.principal, s.notPrincipal]) {
      if (!p) continue;
      add('AWS', p.aws); add('Service', p.service); add('Federated', p.federated); add('CanonicalUser', p.canonicalUser);
    }
  }
  return [...seen.values()];
}
