// The hash chain of an exported JSON-lines audit file: every line is a CloudTrail event followed by a `keywardChain`
// member {prev, hash}, hash = SHA-256(prev + "\n" + the event's JSON without that member). The first line of a new
// file (after rotation or a restart) links to the last line of the one before, so a set of rotated files verifies as
// one chain and a removed, reordered or edited line is found (`verifyChainedLines`).
import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '../audit-chain.js';

export { GENESIS_HASH };

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The chained line of one event JSON text (an object's JSON, so the member can be appended before its brace). */
export function chainLine(eventJson: string, prev: string): { line: string; hash: string } {
  const hash = sha256(prev + '\n' + eventJson);
  return { line: `${eventJson.slice(0, -1)},"keywardChain":{"prev":"${prev}","hash":"${hash}"}}`, hash };
}

/** The hash a chained line ends with (to continue the chain after a restart), or undefined if it is not one. */
export function lineHash(line: string): string | undefined {
  const m = /"keywardChain":\{"prev":"[0-9a-f]{64}","hash":"([0-9a-f]{64})"\}\}$/.exec(line);
  return m?.[1];
}

/** Checks lines in order from `prev`; returns the 1-based number of the first bad line, or undefined, and the head. */
export function verifyChainedLines(lines: readonly string[], prev = GENESIS_HASH): { badLine?: number; head: string } {
  for (let i = 0; i < lines.length; i++) {
    let parsed: { keywardChain?: { prev?: unknown; hash?: unknown } } & Record<string, unknown>;
    try {
      parsed = JSON.parse(lines[i]!) as typeof parsed;
    } catch {
      return { badLine: i + 1, head: prev };
    }
    const link = parsed.keywardChain;
    delete parsed.keywardChain;
    if (!link || link.prev !== prev || link.hash !== sha256(prev + '\n' + JSON.stringify(parsed))) return { badLine: i + 1, head: prev };
    prev = link.hash as string;
  }
  return { head: prev };
}
