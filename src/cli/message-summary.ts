// The JSON a file-encryption command prints for a message with --json: what a script needs, nothing secret.
import type { MessageHeader } from '../encryption-sdk/index.js';

export function headerSummary(h: MessageHeader): Record<string, unknown> {
  return {
    messageId: h.messageId.toString('hex'),
    messageFormatVersion: h.version,
    algorithmSuite: `0x${h.suite.id.toString(16).padStart(4, '0')}`,
    algorithmSuiteName: h.suite.name,
    frameLength: h.frameLength,
    encryptionContext: h.context,
    encryptedDataKeys: h.edks.map((e) => ({ providerId: e.providerId, keyId: e.providerInfo.toString('utf8') })),
  };
}

/** With --json, one line per file: where it came from and went, and its message's header. */
export function printSummary(json: unknown, job: { input: string; output: string }, header: MessageHeader | undefined): void {
  if (json && header) process.stdout.write(JSON.stringify({ input: job.input, output: job.output, ...headerSummary(header) }) + '\n');
}
