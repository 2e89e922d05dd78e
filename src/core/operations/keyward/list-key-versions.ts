// ListKeyVersions: every version of a key, oldest first and paged, with its own state, cryptoperiod, usage counters
// (exact: counted from the audit log up to this request), AES-GCM reservations and last use. docs/extension-api.md
import { followAudit } from '../../lifecycle/audit-follower.js';
import { readLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { usageFacts, versionEntry } from '../../lifecycle/version-report.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineExtensionOperation } from '../../operation.js';
import { KEY_VERSION_ENTRY, PAGE_OUTPUT, S } from './extension-shapes.js';

export const listKeyVersions = defineExtensionOperation<{ KeyId: string; Limit?: number; Marker?: string }>({
  name: 'ListKeyVersions',
  doc: 'Lists the versions of a key, oldest first, with each version\'s state, cryptoperiod, usage counters and last use. Counters include every request answered before this one.',
  errors: ['NotFoundException', 'InvalidArnException', 'InvalidMarkerException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId(), Limit: S.limit(), Marker: S.marker() },
  output: { Versions: { t: 'list', required: true, of: KEY_VERSION_ENTRY, name: 'KeyVersionList' }, ...PAGE_OUTPUT },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'ListKeyVersions', 'any');
    const start = Number(decodeMarker(input.Marker) ?? 0);
    const limit = input.Limit ?? 100;
    await followAudit(ctx.service);
    const [view, usage] = await Promise.all([readLifecycle(ctx.service, key.record.keyId, undefined), usageFacts(ctx.service, key.record.keyId, key.arn)]);
    const page = view.versions.slice(start, start + limit);
    return {
      Versions: page.map((row) => versionEntry(ctx.service, key.arn, view, row, usage)),
      ...pageMembers({ items: page, next: start + limit < view.versions.length ? String(start + limit) : undefined }),
    };
  },
});
