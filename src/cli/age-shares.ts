// Unseal shares encrypted to their operators with age (https://age-encryption.org/v1, the Debian `age` tool): each
// share is printed (or written) only as an ASCII-armored age file for one recipient, so the shares never appear in
// clear on the terminal that ran init. An operator unseals with `age -d -i KEY share-i.age | keyward operator unseal`.
import { execFileSync } from 'node:child_process';
import { UsageError } from './usage-error.js';

const AGE = process.env.KEYWARD_AGE_BINARY ?? 'age';

/** age's recipient forms: native X25519 (age1...) and SSH public keys. */
const RECIPIENT = /^(age1[02-9ac-hj-np-z]{58}|ssh-(ed25519|rsa) [A-Za-z0-9+/=]+( .*)?)$/;

function encrypt(text: string, recipient: string): string {
  return execFileSync(AGE, ['--armor', '--recipient', recipient], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Checks the recipients before anything is created: one per share, each accepted by age (a probe encryption), so a
 * typo cannot leave an initialised installation whose shares could not be handed out.
 */
export function checkAgeRecipients(recipients: string[], shares: number | undefined): void {
  if (shares === undefined) throw new UsageError('--age-recipient needs --shares and --threshold');
  if (recipients.length !== shares) throw new UsageError(`give one --age-recipient per share: ${shares} shares, ${recipients.length} recipients`);
  for (const r of recipients) {
    if (!RECIPIENT.test(r)) throw new UsageError(`not an age recipient: ${r.slice(0, 80)}`);
    try {
      encrypt('probe', r);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      throw new UsageError(e.code === 'ENOENT' ? 'the age tool is not installed (apt-get install -y age)' : `age refused the recipient ${r.slice(0, 80)}: ${String(e.stderr ?? e.message).trim()}`);
    }
  }
}

/** Share i encrypted to recipient i (ASCII armor). */
export function encryptShares(shares: string[], recipients: string[]): string[] {
  return shares.map((s, i) => encrypt(s + '\n', recipients[i]!));
}
