// Issuing a destruction receipt: who scheduled the destruction (from the audit log), the residue search's scope and
// result, the audit record of the destruction itself (seq and chain hash), all signed with the installation's Ed25519
// key (the audit checkpoint key, through the InstallationSigner port) and stored in their own table.
import { randomUUID } from 'node:crypto';
import type { KmsService } from '../service.js';
import type { ResidueScan } from './destruction-store.js';
import { receiptStatement, receiptText, RECEIPT_FORMAT, type ReceiptBody, type ReceiptVersion } from './receipt-document.js';

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

/** The scheduling request of the destruction: its principal, time and request id. */
export interface Scheduled {
  principal: string;
  at?: number | undefined;
  requestId: string;
  /** Who approved the scheduling request under a multi-party approval rule (src/approvals), in order. */
  approvals: string[];
}

const SCHEDULING: Record<ReceiptBody['Kind'], string> = { KeyDeletion: 'ScheduleKeyDeletion', KeyVersionDestruction: 'ScheduleKeyVersionDestruction' };

/** The newest successful scheduling request on record for the key (and version). */
export async function scheduledBy(service: KmsService, arn: string, kind: ReceiptBody['Kind'], versions: readonly number[] | 'all'): Promise<Scheduled> {
  const records = await service.store.searchAudit({ keyArn: arn, operations: [SCHEDULING[kind]] }, 50);
  const r = records.find((x) => x.outcome === 'success' && (versions === 'all' || versions.includes(x.keyVersion ?? -1)));
  if (!r) return { principal: '', requestId: '', approvals: [] };
  return { principal: r.principal, at: r.time, requestId: r.requestId, approvals: await approversOf(service, arn, r.requestId) };
}

/** The approvers of the approval request that the scheduling call (by its request id) executed, if one did. */
async function approversOf(service: KmsService, arn: string, requestId: string): Promise<string[]> {
  for (let after: string | undefined; ;) {
    const page = await service.store.approvals.listRequests({ state: 'EXECUTED', keyArn: arn }, 100, after);
    const executed = page.items.find((x) => x.executedBy === requestId);
    if (executed) return executed.approvals.map((a) => a.principal);
    if (page.next === undefined) return [];
    after = page.next;
  }
}

export interface ReceiptFacts {
  arn: string;
  kind: ReceiptBody['Kind'];
  versions: ReceiptVersion[];
  scheduled: Scheduled;
  requestId: string;
  /** When the destruction was scheduled to happen (the end of the waiting period). */
  destructionDate?: number | undefined;
  residue: ResidueScan;
  searched: string[];
  notes: string[];
}

export async function issueReceipt(service: KmsService, f: ReceiptFacts): Promise<void> {
  const [record] = await service.store.searchAudit({ requestId: f.requestId }, 1);
  if (!record) throw new Error(`the audit record ${f.requestId} of the destruction of ${f.arn} is not in the log`);
  const incomplete = f.residue.scope.length === 0 || f.notes.length > 0;
  const result = f.residue.found.length > 0 ? 'FOUND' : incomplete ? 'INCOMPLETE' : 'CLEAN';
  const unsigned: Omit<ReceiptBody, 'PublicKey'> = {
    Format: RECEIPT_FORMAT, ReceiptId: randomUUID(), AccountId: service.scope.accountId, Region: f.arn.split(':')[3]!, // the key's Region
    KeyId: f.arn, Kind: f.kind, Versions: f.versions,
    ScheduledBy: f.scheduled.principal, ScheduledDate: iso(f.scheduled.at), ScheduleRequestId: f.scheduled.requestId, Approvals: f.scheduled.approvals,
    DestructionDate: iso(f.destructionDate), DestroyedDate: iso(record.time),
    Scan: {
      Result: result, Scope: f.residue.scope, Searched: f.searched,
      Findings: f.residue.found.map((x) => `${x.label}: ${x.where}`), Notes: [...f.notes, ...f.residue.notes],
    },
    AuditRecord: { Seq: record.seq, Hash: record.hash, RequestId: record.requestId, Operation: record.operation },
  };
  const body: ReceiptBody = { ...unsigned, PublicKey: await service.deps.signer.publicKey() };
  const signature = await service.deps.signer.sign(receiptStatement(body));
  await service.store.destruction.putReceipt({
    receiptId: body.ReceiptId, keyArn: f.arn, versions: f.versions.map((v) => v.KeyVersion), destroyedAt: record.time, scanResult: result,
    document: receiptText({ ...body, Signature: signature }),
  });
}
