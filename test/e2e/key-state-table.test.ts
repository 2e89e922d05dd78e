// The AWS operation × key-state table, cell by cell, through the real server: every key access the registry
// implements, in every key state a key can reach, either succeeds or fails with AWS's exact error and message.
//
// The table is imported from the implementation (KEY_STATE_TABLE) and each cell is checked through the wire, so
// the data and the behaviour cannot drift apart. Each cell gets its own fresh key, so no cell sees another's effects.
// When the registry gains an operation that takes a key, the first test fails until REQUESTS has a request for it.
//
// Each access runs against a key of the kind it needs: symmetric (AWS_KMS origin), ECC signing, HMAC, ECC key
// agreement, or symmetric EXTERNAL with imported material (the import operations). PendingImport is reached by
// importing material into an EXTERNAL key of the kind and deleting it again (so a ciphertext, signature or MAC made
// while it was Enabled exists for Decrypt, Verify and VerifyMac).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand,
  DeleteImportedKeyMaterialCommand, DeriveSharedSecretCommand, DescribeKeyCommand, DisableKeyCommand,
  DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand, GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand, GetKeyLastUsageCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand,
  GetParametersForImportCommand, GetPublicKeyCommand, ImportKeyMaterialCommand, KMSClient, ListAliasesCommand,
  ListGrantsCommand, ListKeyPoliciesCommand, ListKeyRotationsCommand, ListResourceTagsCommand, PutKeyPolicyCommand,
  ReEncryptCommand, ReplicateKeyCommand, RetireGrantCommand, RevokeGrantCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, SignCommand, TagResourceCommand, UntagResourceCommand,
  UpdateAliasCommand, UpdateKeyDescriptionCommand, UpdatePrimaryRegionCommand, VerifyCommand, VerifyMacCommand, type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import { KEY_STATE_TABLE, type KeyAccess, type KeyState, type Rule } from '../../src/core/keys/key-state-table.js';
import { KMS_OPERATIONS } from '../../src/core/operations/registry.js';
import { failure } from '../support/lifecycle-helpers.js';
import { useTestServer } from '../support/server.js';

const STATES = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'] as const satisfies readonly KeyState[];
type TestedState = (typeof STATES)[number];

/** The kind of key an access is exercised on. */
type Kind = 'symmetric' | 'sign' | 'hmac' | 'agree' | 'external' | 'mrk';
const KIND: Partial<Record<KeyAccess, Kind>> = {
  Sign: 'sign', Verify: 'sign', GetPublicKey: 'sign', GenerateMac: 'hmac', VerifyMac: 'hmac', DeriveSharedSecret: 'agree',
  GetParametersForImport: 'external', ImportKeyMaterial: 'external', DeleteImportedKeyMaterial: 'external',
  ReplicateKey: 'mrk', UpdatePrimaryRegion: 'mrk',
};
const KIND_SPEC: Record<Kind, CreateKeyCommandInput> = {
  symmetric: {},
  external: { Origin: 'EXTERNAL' },
  sign: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
  hmac: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
  agree: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' },
  mrk: { MultiRegion: true },
};
/** The second Region the server serves: multi-Region keys replicate there (docs/multi-region.md). */
const REPLICA_REGION = 'eu-west-1';
const kindOf = (access: KeyAccess): Kind => KIND[access] ?? 'symmetric';
/** Cells where the server does not yet behave as AWS (the test still asserts AWS's behaviour). */
const SERVER_BUGS: Partial<Record<`${KeyAccess}/${TestedState}`, string>> = {};

/** Material to import into an EXTERNAL key of `kind` (PendingImport is reached by importing, then deleting it). */
function importableMaterial(kind: Kind): Buffer {
  if (kind === 'hmac') return randomBytes(32);
  if (kind === 'sign' || kind === 'agree') {
    return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
  }
  return randomBytes(32);
}

interface Cell {
  /** The key under test, in the state of the column. */
  keyId: string;
  arn: string;
  /** How the request names the key: the bare id or the ARN (alternating over cells). */
  ref: string;
  /** An alias pointing at the key under test, made while it was Enabled. */
  aliasName: string;
  /** A ciphertext under the key under test, made while it was Enabled. */
  ciphertext: Uint8Array;
  /** An alias pointing at the Enabled helper key (UpdateAlias moves it to the key under test). */
  helperAliasName: string;
  /** A fresh name nobody uses yet (CreateAlias). */
  newAliasName: string;
  /** Made while the key was Enabled, for the verifying accesses. */
  signature?: Uint8Array;
  mac?: Uint8Array;
  /** EXTERNAL keys: the imported material and a fresh import token for it (RSAES_OAEP_SHA_256 / RSA_2048). */
  importToken?: Uint8Array;
  wrappedMaterial?: Uint8Array;
  /** RetireGrant and RevokeGrant: a grant on the key, made while it was Enabled. */
  grantId?: string;
  /**
   * The state the key is in: the column's, except a multi-Region primary with a replica scheduled for deletion, which
   * waits in PendingReplicaDeletion (the same column in AWS's table).
   */
  reached: KeyState;
}

const message = new TextEncoder().encode('key-state table message');

const plaintext = new TextEncoder().encode('key-state table cell');

/** A concrete request per key access; ReEncryptFrom / ReEncryptTo are ReEncrypt with the key as source / destination. */
const REQUESTS: Partial<Record<KeyAccess, (c: Cell) => object>> = {
  Encrypt: (c) => new EncryptCommand({ KeyId: c.ref, Plaintext: plaintext }),
  Decrypt: (c) => new DecryptCommand({ CiphertextBlob: c.ciphertext }),
  ReEncryptFrom: (c) => new ReEncryptCommand({ CiphertextBlob: c.ciphertext, DestinationKeyId: helper.keyId }),
  ReEncryptTo: (c) => new ReEncryptCommand({ CiphertextBlob: helper.ciphertext, DestinationKeyId: c.ref }),
  GenerateDataKey: (c) => new GenerateDataKeyCommand({ KeyId: c.ref, KeySpec: 'AES_256' }),
  GenerateDataKeyWithoutPlaintext: (c) => new GenerateDataKeyWithoutPlaintextCommand({ KeyId: c.ref, NumberOfBytes: 16 }),
  DescribeKey: (c) => new DescribeKeyCommand({ KeyId: c.ref }),
  ListAliases: (c) => new ListAliasesCommand({ KeyId: c.ref }),
  ListResourceTags: (c) => new ListResourceTagsCommand({ KeyId: c.ref }),
  DeleteAlias: (c) => new DeleteAliasCommand({ AliasName: c.aliasName }),
  GetKeyLastUsage: (c) => new GetKeyLastUsageCommand({ KeyId: c.ref }),
  CreateAlias: (c) => new CreateAliasCommand({ AliasName: c.newAliasName, TargetKeyId: c.ref }),
  TagResource: (c) => new TagResourceCommand({ KeyId: c.ref, Tags: [{ TagKey: 'cell', TagValue: 'tagged' }] }),
  UntagResource: (c) => new UntagResourceCommand({ KeyId: c.ref, TagKeys: ['made-at-setup'] }),
  UpdateKeyDescription: (c) => new UpdateKeyDescriptionCommand({ KeyId: c.ref, Description: 'changed by the cell' }),
  UpdateAlias: (c) => new UpdateAliasCommand({ AliasName: c.helperAliasName, TargetKeyId: c.ref }),
  EnableKey: (c) => new EnableKeyCommand({ KeyId: c.ref }),
  DisableKey: (c) => new DisableKeyCommand({ KeyId: c.ref }),
  ScheduleKeyDeletion: (c) => new ScheduleKeyDeletionCommand({ KeyId: c.ref, PendingWindowInDays: 7 }),
  CancelKeyDeletion: (c) => new CancelKeyDeletionCommand({ KeyId: c.ref }),
  EnableKeyRotation: (c) => new EnableKeyRotationCommand({ KeyId: c.ref, RotationPeriodInDays: 180 }),
  DisableKeyRotation: (c) => new DisableKeyRotationCommand({ KeyId: c.ref }),
  GetKeyRotationStatus: (c) => new GetKeyRotationStatusCommand({ KeyId: c.ref }),
  RotateKeyOnDemand: (c) => new RotateKeyOnDemandCommand({ KeyId: c.ref }),
  ListKeyRotations: (c) => new ListKeyRotationsCommand({ KeyId: c.ref }),
  GenerateDataKeyPair: (c) => new GenerateDataKeyPairCommand({ KeyId: c.ref, KeyPairSpec: 'ECC_NIST_P256' }),
  GenerateDataKeyPairWithoutPlaintext: (c) => new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: c.ref, KeyPairSpec: 'ECC_NIST_P256' }),
  Sign: (c) => new SignCommand({ KeyId: c.ref, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
  Verify: (c) => new VerifyCommand({ KeyId: c.ref, Message: message, Signature: c.signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
  GetPublicKey: (c) => new GetPublicKeyCommand({ KeyId: c.ref }),
  GenerateMac: (c) => new GenerateMacCommand({ KeyId: c.ref, Message: message, MacAlgorithm: 'HMAC_SHA_256' }),
  VerifyMac: (c) => new VerifyMacCommand({ KeyId: c.ref, Message: message, Mac: c.mac, MacAlgorithm: 'HMAC_SHA_256' }),
  DeriveSharedSecret: (c) => new DeriveSharedSecretCommand({ KeyId: c.ref, KeyAgreementAlgorithm: 'ECDH', PublicKey: peerPublicKey }),
  GetKeyPolicy: (c) => new GetKeyPolicyCommand({ KeyId: c.ref, PolicyName: 'default' }),
  PutKeyPolicy: (c) => new PutKeyPolicyCommand({ KeyId: c.ref, PolicyName: 'default', Policy: DEFAULT_POLICY }),
  ListKeyPolicies: (c) => new ListKeyPoliciesCommand({ KeyId: c.ref }),
  GetParametersForImport: (c) => new GetParametersForImportCommand({ KeyId: c.ref, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  ImportKeyMaterial: (c) => new ImportKeyMaterialCommand({
    KeyId: c.ref, ImportToken: c.importToken, EncryptedKeyMaterial: c.wrappedMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }),
  DeleteImportedKeyMaterial: (c) => new DeleteImportedKeyMaterialCommand({ KeyId: c.ref }),
  CreateGrant: (c) => new CreateGrantCommand({ KeyId: c.ref, GranteePrincipal: GRANTEE, Operations: ['DescribeKey'] }),
  ListGrants: (c) => new ListGrantsCommand({ KeyId: c.ref }),
  RetireGrant: (c) => new RetireGrantCommand({ KeyId: c.arn, GrantId: c.grantId }),
  RevokeGrant: (c) => new RevokeGrantCommand({ KeyId: c.ref, GrantId: c.grantId }),
  ReplicateKey: (c) => new ReplicateKeyCommand({ KeyId: c.ref, ReplicaRegion: REPLICA_REGION }),
  UpdatePrimaryRegion: (c) => new UpdatePrimaryRegionCommand({ KeyId: c.ref, PrimaryRegion: REPLICA_REGION }),
};

const GRANTEE = 'arn:aws:iam::111122223333:role/key-state-table';

const DEFAULT_POLICY = JSON.stringify({
  Version: '2012-10-17', Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
});
const peerPublicKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' });

/** The key state a successful request leaves behind; undefined where AWS's answer is not pinned down here. */
function stateAfterSuccess(access: KeyAccess, state: TestedState): KeyState | undefined {
  switch (access) {
    case 'EnableKey': return 'Enabled';
    case 'DisableKey': return 'Disabled';
    case 'ScheduleKeyDeletion': return 'PendingDeletion';
    case 'CancelKeyDeletion': return 'Disabled';
    case 'ImportKeyMaterial': return state === 'PendingImport' ? 'Enabled' : state === 'PendingDeletion' ? state : undefined;
    case 'DeleteImportedKeyMaterial': return state === 'PendingDeletion' ? undefined : 'PendingImport';
    default: return state;
  }
}

/** Is the key access reachable through an operation the registry implements? */
const implemented = (access: string): boolean =>
  KMS_OPERATIONS.has(access) || ((access === 'ReEncryptFrom' || access === 'ReEncryptTo') && KMS_OPERATIONS.has('ReEncrypt'));

const ACCESSES = (Object.keys(KEY_STATE_TABLE) as KeyAccess[]).filter(implemented);

function expectedError(rule: Exclude<Rule, 'ok'>, arn: string): { name: string; message: string } {
  switch (rule) {
    case 'disabled': return { name: 'DisabledException', message: `${arn} is disabled.` };
    case 'pendingDeletion': return { name: 'KMSInvalidStateException', message: `${arn} is pending deletion.` };
    case 'notPendingDeletion': return { name: 'KMSInvalidStateException', message: `${arn} is not pending deletion` };
    case 'pendingImport': return { name: 'KMSInvalidStateException', message: `${arn} is pending import.` };
    case 'originExternal':
      return { name: 'UnsupportedOperationException', message: `${arn} origin is EXTERNAL which is not valid for this operation.` };
    case 'unavailable': return { name: 'KMSInvalidStateException', message: `${arn} is unavailable.` };
    case 'customKeyStore':
      return { name: 'UnsupportedOperationException', message: `${arn} origin is AWS_CLOUDHSM which is not valid for this operation.` };
  }
}

const STATE_ERRORS = /is disabled\.|is pending deletion\.|is not pending deletion|is pending import\.|origin is EXTERNAL/;

let kms: KMSClient;
const helper: { keyId: string; ciphertext: Uint8Array } = { keyId: '', ciphertext: new Uint8Array() };
let cellNo = 0;

useTestServer({ args: ['--regions', `us-east-1,${REPLICA_REGION}`] }, async (_s, k) => {
  kms = k;
  const h = await kms.send(new CreateKeyCommand({ Description: 'key-state table helper (always Enabled)' }));
  helper.keyId = h.KeyMetadata!.KeyId!;
  helper.ciphertext = (await kms.send(new EncryptCommand({ KeyId: helper.keyId, Plaintext: plaintext }))).CiphertextBlob!;
});

/** Imports (or re-imports) `material` into an EXTERNAL key; returns a fresh token and wrapped copy for later. */
async function importMaterial(keyId: string, material: Buffer): Promise<{ importToken: Uint8Array; wrappedMaterial: Uint8Array }> {
  const wrap = async () => {
    const params = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const key = createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' });
    const wrapped = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
    return { importToken: params.ImportToken!, wrappedMaterial: new Uint8Array(wrapped) };
  };
  const first = await wrap();
  await kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, ImportToken: first.importToken, EncryptedKeyMaterial: first.wrappedMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }));
  return wrap();
}

/** A fresh key for one cell, of the kind the access needs, with an alias, a tag and usage artefacts, put into `state`. */
async function freshCell(state: TestedState, access: KeyAccess): Promise<Cell> {
  const n = ++cellNo;
  let kind = kindOf(access);
  if (state === 'PendingImport' && kind === 'symmetric') kind = 'external';
  const imported = state === 'PendingImport' && kind !== 'external'; // a signing, HMAC or agreement key with imported material
  const created = await kms.send(new CreateKeyCommand({
    ...KIND_SPEC[kind], ...(imported ? { Origin: 'EXTERNAL' as const } : {}), Description: `cell ${n} (${access} in ${state})`, Tags: [{ TagKey: 'made-at-setup', TagValue: 'yes' }],
  }));
  const keyId = created.KeyMetadata!.KeyId!;
  const arn = created.KeyMetadata!.Arn!;
  const aliasName = `alias/kst-${n}`;
  const helperAliasName = `alias/kst-${n}-helper`;
  const cell: Cell = {
    keyId, arn, ref: n % 2 === 0 ? keyId : arn, aliasName, ciphertext: new Uint8Array(), helperAliasName, newAliasName: `alias/kst-${n}-new`,
    reached: state,
  };
  await kms.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId }));
  // Only UpdateAlias needs it (and a key may have at most 50 aliases).
  if (access === 'UpdateAlias') await kms.send(new CreateAliasCommand({ AliasName: helperAliasName, TargetKeyId: helper.keyId }));
  if (kind === 'external' || imported) Object.assign(cell, await importMaterial(keyId, importableMaterial(kind)));
  // After any import: CreateGrant needs the key Enabled.
  if (access === 'RetireGrant' || access === 'RevokeGrant') {
    cell.grantId = (await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['DescribeKey'] }))).GrantId!;
  }
  // UpdatePrimaryRegion needs a replica to promote (made while Enabled; a key with imported material has none).
  if (access === 'UpdatePrimaryRegion' && !imported) await kms.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: REPLICA_REGION }));
  if (kind === 'symmetric' || kind === 'external' || kind === 'mrk') {
    cell.ciphertext = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!;
  }
  if (kind === 'sign') {
    cell.signature = (await kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!;
  }
  if (kind === 'hmac') cell.mac = (await kms.send(new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' }))).Mac!;
  if (state === 'Disabled') await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  if (state === 'PendingDeletion') await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 30 }));
  if (state === 'PendingImport') await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }));
  if (access === 'UpdatePrimaryRegion' && state === 'PendingDeletion') cell.reached = 'PendingReplicaDeletion';
  const described = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  assert.equal(described.KeyMetadata!.KeyState, cell.reached, 'cell setup reached the state');
  return cell;
}

test('every implemented key access has a concrete request in this test, and the table covers it', () => {
  const missing = ACCESSES.filter((a) => !REQUESTS[a]);
  assert.deepEqual(missing, [], 'implemented key accesses without a request here: extend REQUESTS');
  const unknown = Object.keys(REQUESTS).filter((a) => !ACCESSES.includes(a as KeyAccess));
  assert.deepEqual(unknown, [], 'requests for accesses that are not implemented or not in the table');
  // Sanity: the lifecycle operations are all registered.
  for (const name of ['Encrypt', 'Decrypt', 'ReEncrypt', 'EnableKey', 'CancelKeyDeletion', 'RotateKeyOnDemand', 'UpdateAlias']) {
    assert.ok(KMS_OPERATIONS.has(name), `${name} is registered`);
  }
  assert.ok(ACCESSES.length >= 25, `expected at least 25 implemented accesses, found ${ACCESSES.length}`);
});

for (const state of STATES) {
  describe(`key state ${state}`, () => {
    for (const access of ACCESSES) {
      const rule = KEY_STATE_TABLE[access][state];
      const todo = SERVER_BUGS[`${access}/${state}`];
      test(`${access} in ${state} → ${rule}`, todo ? { todo } : {}, async () => {
        const request = REQUESTS[access];
        assert.ok(request, `no request for ${access}`);
        const cell = await freshCell(state, access);
        const err = await failure(kms.send(request(cell) as never));
        let stateAfter: KeyState | undefined = cell.reached;
        if (rule === 'ok') {
          assert.ok(!err || !STATE_ERRORS.test(err.message), `${access} in ${state} failed with a state error: ${err?.name}: ${err?.message}`);
          // The requests are well-formed, so an allowed cell must succeed outright.
          assert.equal(err, undefined, `${access} in ${state} should succeed, got ${err?.name}: ${err?.message}`);
          stateAfter = stateAfterSuccess(access, state);
        } else {
          const want = expectedError(rule, cell.arn);
          assert.ok(err, `${access} in ${state} should fail with ${want.name}, but succeeded`);
          assert.equal(err.name, want.name, `${access} in ${state}: error type (message: ${err.message})`);
          assert.equal(err.message, want.message, `${access} in ${state}: message`);
          assert.equal(err.$metadata?.httpStatusCode, 400);
        }
        // A refused request changes nothing; an allowed one changes the state only as the operation says.
        const described = await kms.send(new DescribeKeyCommand({ KeyId: cell.keyId }));
        if (stateAfter !== undefined) {
          assert.equal(described.KeyMetadata!.KeyState, stateAfter, `key state after ${access} in ${state}`);
          assert.equal(described.KeyMetadata!.Enabled, stateAfter === 'Enabled');
        }
      });
    }
  });
}

test('the cells agree with AWS on the notable rows (guards the table data itself)', () => {
  // From aws-kms-api.md §4.5: crypto ✓/✗1/✗3, management ✓/✓/✗3, CancelKeyDeletion ✗4/✗4/✓, rotation ✓/✗1/✗3.
  const expect: Partial<Record<KeyAccess, [Rule, Rule, Rule]>> = {
    Encrypt: ['ok', 'disabled', 'pendingDeletion'],
    Decrypt: ['ok', 'disabled', 'pendingDeletion'],
    ReEncryptFrom: ['ok', 'disabled', 'pendingDeletion'],
    ReEncryptTo: ['ok', 'disabled', 'pendingDeletion'],
    GenerateDataKey: ['ok', 'disabled', 'pendingDeletion'],
    GenerateDataKeyWithoutPlaintext: ['ok', 'disabled', 'pendingDeletion'],
    DescribeKey: ['ok', 'ok', 'ok'],
    ListAliases: ['ok', 'ok', 'ok'],
    ListResourceTags: ['ok', 'ok', 'ok'],
    DeleteAlias: ['ok', 'ok', 'ok'],
    CreateAlias: ['ok', 'ok', 'pendingDeletion'],
    TagResource: ['ok', 'ok', 'pendingDeletion'],
    UntagResource: ['ok', 'ok', 'pendingDeletion'],
    UpdateKeyDescription: ['ok', 'ok', 'pendingDeletion'],
    UpdateAlias: ['ok', 'ok', 'pendingDeletion'],
    EnableKey: ['ok', 'ok', 'pendingDeletion'],
    DisableKey: ['ok', 'ok', 'pendingDeletion'],
    ScheduleKeyDeletion: ['ok', 'ok', 'pendingDeletion'],
    CancelKeyDeletion: ['notPendingDeletion', 'notPendingDeletion', 'ok'],
    EnableKeyRotation: ['ok', 'disabled', 'pendingDeletion'],
    DisableKeyRotation: ['ok', 'disabled', 'pendingDeletion'],
    RotateKeyOnDemand: ['ok', 'disabled', 'pendingDeletion'],
  };
  for (const [access, rules] of Object.entries(expect) as [KeyAccess, [Rule, Rule, Rule]][]) {
    const row = KEY_STATE_TABLE[access];
    assert.deepEqual([row.Enabled, row.Disabled, row.PendingDeletion], rules, access);
  }
});
