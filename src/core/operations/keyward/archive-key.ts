// ArchiveKey: the seed's archival made real — the key is disabled for AWS clients (KeyState Disabled), its aliases are
// kept or removed as asked, and reason and time are recorded; ReactivateKey opens a time-boxed window, EnableKey ends
// the archival. docs/extension-api.md; NIST SP 800-57 Part 1 §8.3.4 (archive).
import { KmsError } from '../../../protocol/errors.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { defineExtensionOperation } from '../../operation.js';
import type { KmsService } from '../../service.js';
import { S } from './extension-shapes.js';

interface Input { KeyId: string; Reason: string; RemoveAliases?: boolean }

export const archiveKey = defineExtensionOperation<Input>({
  name: 'ArchiveKey',
  doc: 'Archives a key: it is disabled (AWS clients see KeyState Disabled), its aliases are removed if RemoveAliases is true, and the reason and time are recorded. ReactivateKey opens a time-boxed window for decryption; EnableKey ends the archival.',
  errors: ['NotFoundException', 'KMSInvalidStateException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId(), Reason: S.reason(true), RemoveAliases: { t: 'bool', doc: 'Remove the key\'s aliases (default false: keep them).' } },
  output: {
    KeyId: { ...S.keyArn(), required: true }, KeyState: { ...S.awsKeyState(), required: true }, ArchivedDate: { t: 'timestamp', required: true },
    RemovedAliases: { t: 'list', required: true, of: { t: 'string', min: 1, max: 256, name: 'AliasNameType' }, name: 'AliasNameList' },
  },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'ArchiveKey', 'idOrArn');
    const aliases = input.RemoveAliases ? await aliasesOf(ctx.service, key.record.keyId) : [];
    const at = ctx.service.now();
    await mutateLifecycle(ctx.service, key.record.keyId, 'ArchiveKey', (v) => {
      if (v.lifecycle.archive) {
        throw new KmsError('KMSInvalidStateException', `${key.arn} is archived already (since ${new Date(v.lifecycle.archive.at).toISOString()}).`);
      }
      return {
        key: { state: 'Disabled' },
        lifecycle: { archive: { at, reason: input.Reason, removedAliases: aliases }, window: undefined },
        removeAliases: aliases,
      };
    });
    ctx.audit.details = { reason: input.Reason, removedAliases: aliases };
    return { KeyId: key.arn, KeyState: 'Disabled', ArchivedDate: epochSeconds(at), RemovedAliases: aliases };
  },
});

async function aliasesOf(service: KmsService, keyId: string): Promise<string[]> {
  const names: string[] = [];
  for (let after: string | undefined; ;) {
    const page = await service.store.listAliases(100, after, keyId);
    names.push(...page.items.map((a) => a.aliasName));
    if (page.next === undefined) return names;
    after = page.next;
  }
}
