// What the scheduler does around a destruction so it can prove it: before shredding, it takes each version's sealed
// material as stored and (opened, held in memory only) its material, checked against the commitment recorded at
// creation; after the store shredded it and the destruction was audited, it searches what the store can reach for
// those bytes (and the material's hex and base64 forms), zeroes its copies, and issues a signed receipt (receipt.ts).
import { purpose } from '../secrets/barrier.js';
import { recordArn } from '../keys/arn.js';
import type { KeyRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { matchesCommitment } from './commitment.js';
import type { ResidueNeedle } from './destruction-store.js';
import type { ReceiptBody, ReceiptVersion } from './receipt-document.js';
import { issueReceipt, scheduledBy } from './receipt.js';

export interface DestructionWitness {
  /** The destruction did not happen (a cancellation won): forget the copies. */
  discard(): void;
  /** The destruction happened and was audited as `requestId`: search, zero the copies, sign and store the receipt. */
  issue(requestId: string): Promise<void>;
}

interface Taken {
  version: ReceiptVersion;
  sealed: Buffer;
  material?: Buffer | undefined;
}

/** Takes the evidence of `versions` of a key (all of them for a key deletion) before the store shreds them. */
export async function witnessDestruction(
  service: KmsService, key: KeyRecord, versions: readonly number[] | 'all', kind: ReceiptBody['Kind'], destructionDate: number | undefined,
): Promise<DestructionWitness> {
  const rows = (await service.store.getKeyVersions(key.keyId)).filter((v) => versions === 'all' || versions.includes(v.version));
  const taken: Taken[] = [];
  const notes: string[] = [];
  for (const row of rows) {
    const sealed = Buffer.from(row.sealedMaterial);
    if (sealed.every((b) => b === 0)) continue; // shredded already (e.g. DeleteImportedKeyMaterial): nothing left to search for
    const material = await service.deps.barrier.openFresh(purpose.keyMaterial(key.keyId, row.version), sealed).catch(() => undefined);
    if (!material) notes.push(`the material of version ${row.version} did not open: only its sealed bytes were searched`);
    const matched = material !== undefined && row.commitment !== undefined && (await matchesCommitment(service, key.keyId, row.version, material, row.commitment));
    taken.push({ sealed, material, version: { KeyVersion: row.version, KeyMaterialId: row.materialId, Commitment: row.commitment ?? '', CommitmentMatched: matched } });
  }
  const arn = recordArn(key); // the key's own Region (a multi-Region replica's too)
  const scheduled = await scheduledBy(service, arn, kind, versions);
  const zero = () => {
    for (const t of taken) {
      t.sealed.fill(0);
      t.material?.fill(0);
    }
  };
  return {
    discard: zero,
    async issue(requestId) {
      const needles = needlesOf(taken);
      try {
        const residue = await service.store.destruction.searchResidue(needles);
        await issueReceipt(service, {
          arn, kind, destructionDate, versions: taken.map((t) => t.version), scheduled, requestId, residue,
          searched: [...new Set(needles.map((n) => n.label))], notes,
        });
      } finally {
        for (const n of needles) n.bytes.fill(0);
        zero();
      }
    },
  };
}

function needlesOf(taken: readonly Taken[]): ResidueNeedle[] {
  return taken.flatMap((t) => {
    const v = t.version.KeyVersion;
    const out: ResidueNeedle[] = [{ label: `sealed material of version ${v}`, bytes: Buffer.from(t.sealed) }];
    if (t.material) {
      out.push({ label: `material of version ${v}`, bytes: Buffer.from(t.material) });
      out.push({ label: `material of version ${v} (hex)`, bytes: Buffer.from(t.material.toString('hex'), 'latin1') });
      out.push({ label: `material of version ${v} (base64)`, bytes: Buffer.from(t.material.toString('base64'), 'latin1') });
    }
    return out;
  });
}
