// `keyward receipt verify FILE --public-key PEM`: checks a destruction receipt (GetDestructionReceipt's Receipt, saved
// as is) offline: the file must be the canonical JSON as issued and its Ed25519 signature must verify under the given
// public key (`keyward audit public-key` prints it). Exit 0 when it verifies, 1 when it does not. docs/destruction.md
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { receiptPublicKey, verifyReceipt } from '../../core/destruction/receipt-document.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../usage-error.js';

export function registerReceiptVerify(receipt: Command, ctx: CliContext): void {
  receipt.command('verify').description('Check a destruction receipt offline (canonical JSON, Ed25519 signature)')
    .argument('<file>', 'the receipt, as GetDestructionReceipt returned it')
    .requiredOption('--public-key <pem>', 'the installation\'s public key (PEM or DER), from keyward audit public-key')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  keyward audit public-key --data-dir .keyward > keyward.pem\n  keyward receipt verify receipt.json --public-key keyward.pem')
    .action((file: string, opts: { publicKey: string; json?: boolean }) => {
      let key;
      let text: string;
      try {
        key = receiptPublicKey(readFileSync(opts.publicKey));
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read the receipt or the public key: ${(err as Error).message}`);
      }
      const result = verifyReceipt(text, key);
      if (opts.json) {
        ctx.out(JSON.stringify(result.ok
          ? { Verified: true, KeyId: result.receipt.KeyId, Versions: result.receipt.Versions.map((v) => v.KeyVersion), DestroyedDate: result.receipt.DestroyedDate, ScanResult: result.receipt.Scan.Result }
          : { Verified: false, Reason: result.reason }));
      } else if (result.ok) {
        const r = result.receipt;
        ctx.out(`verified: ${r.Kind} of ${r.KeyId} (versions ${r.Versions.map((v) => v.KeyVersion).join(', ')}), destroyed ${r.DestroyedDate}, scan ${r.Scan.Result}, audit record ${r.AuditRecord.Seq}`);
      } else {
        ctx.err(`not verified: ${result.reason}`);
      }
      ctx.exitCode = result.ok ? 0 : 1;
    });
}
