// Every test server's log lines (stderr) are scanned when it stops, so the whole end-to-end suite proves that no key
// material or secret reaches the logs: the bootstrap secret, the root key, PEM private keys, and any secret-named JSON
// field that holds a value (pino redacts those; a line carrying one is a leak).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FIELD = /"(secretAccessKey|SecretAccessKey|sessionToken|SessionToken|password|plaintext|Plaintext|privateKey|rootKey)"\s*:\s*(?!"\[redacted\]")"/;
const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** The secrets of one data directory that must never be logged. */
function secretsOf(dataDir: string, known: readonly string[]): string[] {
  const out = [...known];
  try {
    const hex = readFileSync(join(dataDir, 'root.key'), 'utf8').trim();
    if (/^[0-9a-f]{64}$/i.test(hex)) out.push(hex.toLowerCase(), hex.toUpperCase(), Buffer.from(hex, 'hex').toString('base64'));
  } catch {
    // no dev root key file (PostgreSQL nodes share another directory's, or a production root)
  }
  return out;
}

/** Problems found in a server's stderr, as messages naming the line; [] when clean. */
export function logLeaks(stderr: string, dataDir: string, known: readonly string[]): string[] {
  const secrets = secretsOf(dataDir, known);
  const leaks: string[] = [];
  stderr.split('\n').forEach((line, i) => {
    if (line.length === 0) return;
    if (secrets.some((s) => line.includes(s))) leaks.push(`line ${i + 1}: a known secret`);
    if (PEM_PRIVATE.test(line)) leaks.push(`line ${i + 1}: a PEM private key`);
    if (SECRET_FIELD.test(line)) leaks.push(`line ${i + 1}: a secret-named field with a value: ${line.slice(0, 120)}`);
  });
  return leaks;
}
