// The AWS KMS keyring: GenerateDataKey under the first key, Encrypt under each further key; on decrypt, Decrypt
// (with KeyId) of each aws-kms encrypted data key that the strict key list or the discovery filter allows.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/aws-kms/aws-kms-keyring.md
// and framework/aws-kms/aws-kms-discovery-keyring.md.
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { AlgorithmSuite } from './algorithm-suites.js';
import type { EncryptionContext } from './encryption-context.js';
import { EsdkError } from './errors.js';
import type { EncryptedDataKey } from './header.js';
import type { Keyring } from './keyring.js';
import { parseKmsArn, regionOf } from './kms-arn.js';

export const KMS_PROVIDER_ID = 'aws-kms';

export interface DiscoveryFilter {
  partition: string;
  accountIds: readonly string[];
}

export interface KmsKeyringOptions {
  /** Encrypt: the first is the generator, every key wraps the data key. Strict decrypt: the key ARNs allowed. */
  keyIds: readonly string[];
  /** Decrypt in discovery mode (any aws-kms key ARN, optionally filtered) instead of the strict key list. */
  discovery?: { filter?: DiscoveryFilter };
  /** The KMS client for a Region (undefined: the configured default Region). */
  clientFor: (region: string | undefined) => KMSClient;
  grantTokens?: string[];
}

export class KmsKeyring implements Keyring {
  constructor(private readonly opts: KmsKeyringOptions) {
    if (!opts.discovery && opts.keyIds.length === 0) throw new EsdkError('A KMS keyring needs at least one key, or discovery');
    if (opts.discovery && opts.keyIds.length > 0) throw new EsdkError('A discovery keyring takes no key list (use a filter)');
  }

  async onEncrypt(suite: AlgorithmSuite, context: EncryptionContext): Promise<{ dataKey: Buffer; edks: EncryptedDataKey[] }> {
    const [generator, ...others] = this.opts.keyIds;
    if (!generator) throw new EsdkError('Encryption needs at least one --key (a discovery keyring cannot encrypt)');
    const out = await this.call(generator, 'GenerateDataKey', (c) =>
      c.send(new GenerateDataKeyCommand({ KeyId: generator, NumberOfBytes: suite.keyLength, EncryptionContext: { ...context }, GrantTokens: this.opts.grantTokens })));
    const dataKey = Buffer.from(out.Plaintext ?? []);
    if (dataKey.length !== suite.keyLength || !out.CiphertextBlob) throw new EsdkError(`GenerateDataKey under ${generator} returned an unusable data key`);
    const edks = [edkFrom(generator, out.KeyId, out.CiphertextBlob)];
    for (const keyId of others) {
      const enc = await this.call(keyId, 'Encrypt', (c) =>
        c.send(new EncryptCommand({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: { ...context }, GrantTokens: this.opts.grantTokens })));
      if (!enc.CiphertextBlob) throw new EsdkError(`Encrypt under ${keyId} returned no ciphertext`);
      edks.push(edkFrom(keyId, enc.KeyId, enc.CiphertextBlob));
    }
    return { dataKey, edks };
  }

  async onDecrypt(suite: AlgorithmSuite, context: EncryptionContext, edks: readonly EncryptedDataKey[]): Promise<Buffer> {
    const failures: string[] = [];
    for (const edk of edks) {
      const arn = edk.providerInfo.toString('utf8');
      if (edk.providerId !== KMS_PROVIDER_ID || !this.allows(arn)) continue;
      try {
        const out = await this.opts.clientFor(regionOf(arn)).send(new DecryptCommand({
          KeyId: arn, CiphertextBlob: edk.ciphertext, EncryptionContext: { ...context }, GrantTokens: this.opts.grantTokens,
        }));
        // Spec aws-kms-keyring.md OnDecrypt: the response KeyId MUST equal the EDK's key and the key MUST have the suite's length.
        if (out.KeyId !== arn) throw new EsdkError(`KMS answered for ${out.KeyId}, not ${arn}`);
        const dataKey = Buffer.from(out.Plaintext ?? []);
        if (dataKey.length !== suite.keyLength) throw new EsdkError('KMS returned a data key of the wrong length');
        return dataKey;
      } catch (err) {
        failures.push(`${arn}: ${describe(err)}`);
      }
    }
    if (failures.length === 0) throw new EsdkError(`No encrypted data key of the message is for a key this decrypt may use (${this.describeFilter()}); the message's keys: ${edks.map((e) => `${e.providerId} ${e.providerInfo.toString('utf8')}`).join(', ')}`);
    throw new EsdkError(`Unable to decrypt any data key: ${failures.join('; ')}`);
  }

  /** Strict mode: the EDK's key ARN is one of the configured ones. Discovery: any key ARN passing the filter. */
  private allows(arn: string): boolean {
    const parsed = parseKmsArn(arn);
    if (!parsed || parsed.resourceType !== 'key') return false; // spec: provider info MUST be a valid key ARN
    if (!this.opts.discovery) return this.opts.keyIds.includes(arn);
    const filter = this.opts.discovery.filter;
    return !filter || (filter.partition === parsed.partition && filter.accountIds.includes(parsed.account));
  }

  private describeFilter(): string {
    if (!this.opts.discovery) return `allowed keys: ${this.opts.keyIds.join(', ')}`;
    const f = this.opts.discovery.filter;
    return f ? `discovery in partition ${f.partition}, accounts ${f.accountIds.join(', ')}` : 'discovery';
  }

  private async call<T>(keyId: string, op: string, fn: (c: KMSClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.opts.clientFor(regionOf(keyId)));
    } catch (err) {
      throw new EsdkError(`${op} under ${keyId} failed: ${describe(err)}`);
    }
  }
}

function edkFrom(requested: string, keyId: string | undefined, ciphertext: Uint8Array): EncryptedDataKey {
  // Spec aws-kms-keyring.md OnEncrypt: the response KeyId MUST be a valid key ARN; it becomes the provider info.
  const arn = keyId ? parseKmsArn(keyId) : null;
  if (!arn || arn.resourceType !== 'key') throw new EsdkError(`KMS did not answer with a key ARN for ${requested}`);
  return { providerId: KMS_PROVIDER_ID, providerInfo: Buffer.from(keyId!, 'utf8'), ciphertext: Buffer.from(ciphertext) };
}

function describe(err: unknown): string {
  if (err instanceof EsdkError) return err.message;
  const e = err as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(err)}`;
}
