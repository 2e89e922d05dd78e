// The destruction receipt as a document: its members, the exact bytes signed, and the offline check (`keyward
// receipt verify`). The receipt travels as canonical JSON text (canonical-json.ts) with a Signature member; the
// signature is Ed25519 (RFC 8032) over UTF-8 of `keyward-destruction-receipt:v1\n` followed by the canonical JSON of
// every other member. A verifier insists that the file is exactly the canonical text (a final newline allowed), so a
// change of any byte — even in what a JSON parser would ignore — fails. docs/destruction.md
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, type Json } from './canonical-json.js';

export const RECEIPT_FORMAT = 'keyward-destruction-receipt:v1';

/** One destroyed version as the receipt records it. */
export interface ReceiptVersion {
  KeyVersion: number;
  KeyMaterialId: string;
  /** The commitment recorded at the version's creation ('' if it predates commitments). */
  Commitment: string;
  /** Whether the material about to be shredded was checked against the commitment and matched. */
  CommitmentMatched: boolean;
}

export interface ReceiptBody {
  Format: typeof RECEIPT_FORMAT;
  ReceiptId: string;
  AccountId: string;
  Region: string;
  KeyId: string;
  /** KeyDeletion (ScheduleKeyDeletion) or KeyVersionDestruction (ScheduleKeyVersionDestruction). */
  Kind: 'KeyDeletion' | 'KeyVersionDestruction';
  Versions: ReceiptVersion[];
  ScheduledBy: string;
  ScheduledDate: string;
  ScheduleRequestId: string;
  /** Principals who approved the scheduling request under a multi-party approval rule (empty when none applied). */
  Approvals: string[];
  DestructionDate: string;
  DestroyedDate: string;
  Scan: { Result: 'CLEAN' | 'FOUND' | 'INCOMPLETE'; Scope: string[]; Searched: string[]; Findings: string[]; Notes: string[] };
  AuditRecord: { Seq: number; Hash: string; RequestId: string; Operation: string };
  /** The Ed25519 public key that verifies the receipt (DER SPKI, base64): compare it with `keyward audit public-key`. */
  PublicKey: string;
}

export interface Receipt extends ReceiptBody {
  /** Ed25519 signature, 128 hex digits. */
  Signature: string;
}

/** The exact bytes signed. */
export function receiptStatement(body: ReceiptBody): Buffer {
  return Buffer.from(`${RECEIPT_FORMAT}\n${canonicalJson(body as unknown as Json)}`, 'utf8');
}

/** The receipt's text as delivered (canonical JSON, with its signature). */
export const receiptText = (receipt: Receipt): string => canonicalJson(receipt as unknown as Json);

export type VerifyResult = { ok: true; receipt: Receipt } | { ok: false; reason: string };

/**
 * Checks a receipt file offline against the installation's public key (PEM or DER SPKI). Also refuses a receipt whose
 * PublicKey member is another key, so a receipt signed by someone else's key does not pass.
 */
export function verifyReceipt(text: string, publicKey: KeyObject): VerifyResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the file is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'the file is not a receipt object' };
  const receipt = parsed as Receipt;
  if (receipt.Format !== RECEIPT_FORMAT) return { ok: false, reason: `the file is not a ${RECEIPT_FORMAT} receipt` };
  let canonical: string;
  try {
    canonical = canonicalJson(parsed as Json);
  } catch {
    return { ok: false, reason: 'the receipt holds a value canonical JSON does not allow' };
  }
  if (text !== canonical && text !== `${canonical}\n`) return { ok: false, reason: 'the file is not the receipt as issued (its bytes differ from its canonical form)' };
  if (typeof receipt.Signature !== 'string' || !/^[0-9a-f]{128}$/.test(receipt.Signature)) return { ok: false, reason: 'the signature is missing or malformed' };
  const given = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  if (receipt.PublicKey !== given) return { ok: false, reason: 'the receipt names another public key than the one given' };
  const { Signature, ...body } = receipt;
  const good = verify(null, receiptStatement(body), publicKey, Buffer.from(Signature, 'hex'));
  return good ? { ok: true, receipt } : { ok: false, reason: 'the signature does not verify: the receipt was altered or signed by another key' };
}

/** An Ed25519 public key from PEM or DER SPKI bytes. */
export function receiptPublicKey(bytes: Buffer): KeyObject {
  const text = bytes.toString('latin1');
  const key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 public key (${key.asymmetricKeyType})`);
  return key;
}
