// Compiled policies, kept so a document is parsed and compiled once: keyed by its text and kind (bounded), and for a
// key's policy by the key record object itself (records are replaced, never changed, so a new policy is a new record).
// A stored document that no longer parses (it could only be one written before grammar checks) grants nothing.
import type { KeyRecord } from '../core/model.js';
import { compilePolicy, parsePolicy, type CompiledPolicy, type PolicyKind } from '../policy/index.js';

const MAX_DOCUMENTS = 10_000;

export class PolicyCache {
  private readonly byText = new Map<string, CompiledPolicy | null>();
  private readonly byKey = new WeakMap<KeyRecord, CompiledPolicy | null>();

  constructor(private readonly onInvalid: (source: string, err: unknown) => void = () => undefined) {}

  /** The compiled document, or undefined when it does not parse. */
  compile(text: string, kind: PolicyKind, name?: string): CompiledPolicy | undefined {
    const cacheKey = `${kind}\u0000${name ?? ''}\u0000${text}`;
    let c = this.byText.get(cacheKey);
    if (c === undefined) {
      c = this.build(text, kind, name);
      if (this.byText.size >= MAX_DOCUMENTS) this.byText.delete(this.byText.keys().next().value as string);
      this.byText.set(cacheKey, c);
    }
    return c ?? undefined;
  }

  /** A key's policy, compiled. */
  keyPolicy(key: KeyRecord): CompiledPolicy | undefined {
    let c = this.byKey.get(key);
    if (c === undefined) {
      c = this.build(key.policy, 'resource', `key policy of ${key.keyId}`, true);
      this.byKey.set(key, c);
    }
    return c ?? undefined;
  }

  private build(text: string, kind: PolicyKind, name: string | undefined, keyPolicy = false): CompiledPolicy | null {
    try {
      return compilePolicy(parsePolicy(text, kind, { keyPolicy }), name);
    } catch (err) {
      this.onInvalid(name ?? kind, err);
      return null;
    }
  }
}
