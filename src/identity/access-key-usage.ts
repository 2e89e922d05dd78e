// Access-key last use (GetAccessKeyLastUsed), tracked on the data plane at the cost of a map write: each node notes
// uses in memory, at most one per key per minute, and writes them to the store in one batch every half minute and at
// shutdown. AWS documents the value as approximate too ("tracked ... within 4 hours").
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
import type { AccessKeyUse } from './model.js';
import type { IdentityStore } from './ports.js';

const RESOLUTION_MS = 60_000;
const FLUSH_MS = 30_000;

export class AccessKeyUsage {
  private readonly latest = new Map<string, AccessKeyUse>();
  private readonly dirty = new Map<string, AccessKeyUse>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: Pick<IdentityStore, 'recordAccessKeyUse'>, private readonly onError: (err: unknown) => void) {}

  start(): void {
    this.timer = setInterval(() => void this.flush().catch(this.onError), FLUSH_MS);
    this.timer.unref();
  }

  /** A request signed with the key succeeded its authentication (service is the signing name: kms, iam, sts). */
  note(accessKeyId: string, service: string, region: string, at: number): void {
    const last = this.latest.get(accessKeyId);
    if (last && at - last.at < RESOLUTION_MS && last.service === service && last.region === region) return;
    const use = { at, service, region };
    this.latest.set(accessKeyId, use);
    this.dirty.set(accessKeyId, use);
  }

  /** This node's latest noted use, if it is not yet in the store. */
  pending(accessKeyId: string): AccessKeyUse | undefined {
    return this.dirty.get(accessKeyId);
  }

  async flush(): Promise<void> {
    if (this.dirty.size === 0) return;
    const uses = [...this.dirty].map(([accessKeyId, use]) => ({ accessKeyId, use }));
    this.dirty.clear();
    try {
      await this.store.recordAccessKeyUse(uses);
    } catch (err) {
      for (const u of uses) if (!this.dirty.has(u.accessKeyId)) this.dirty.set(u.accessKeyId, u.use); // retried next time
      throw err;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
