// What the four version state operations share (DisableKeyVersion, EnableKeyVersion, ScheduleKeyVersionDestruction,
// CancelKeyVersionDestruction): resolve the key, apply the transition (core/lifecycle/version-rules.ts) under the key's
// revision, audit the version with its old and new state, and answer KeyId (ARN), KeyVersion and KeyVersionState.
import type { ErrorCode } from '../../../protocol/errors.js';
import type { Shape } from '../../../protocol/shape.js';
import type { UsableKey } from '../../context.js';
import type { KmsService } from '../../service.js';
import type { VersionLifecycle } from '../../lifecycle/lifecycle-model.js';
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { transitionVersion, versionRow, versionState, type VersionTransition } from '../../lifecycle/version-rules.js';
import { defineExtensionOperation, type ExtensionOperation, type Output } from '../../operation.js';
import { KEY_VERSION_ENTRY, S } from './extension-shapes.js';

export interface VersionInput {
  KeyId: string;
  KeyVersion: number;
  [member: string]: unknown;
}

export interface VersionTransitionSpec {
  name: VersionTransition;
  doc: string;
  input?: Shape;
  output?: Shape;
  /** Further checks of the key before the transition (e.g. the destruction pre-flight). */
  check?: (key: UsableKey, input: VersionInput, service: KmsService) => void | Promise<void>;
  /** Further fields of the new version record (e.g. the destruction date). */
  extra?: (input: VersionInput, now: number) => Partial<VersionLifecycle>;
  /** Further output members from the version record as stored. */
  result?: (s: VersionLifecycle) => Output;
}

const ERRORS: readonly ErrorCode[] = [
  'NotFoundException', 'KMSInvalidStateException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
  'UnsupportedOperationException',
];

const STATE = (KEY_VERSION_ENTRY as { fields: Shape }).fields.KeyVersionState!;

export function versionTransitionOperation(spec: VersionTransitionSpec): ExtensionOperation<VersionInput> {
  return defineExtensionOperation<VersionInput>({
    name: spec.name,
    doc: spec.doc,
    errors: ERRORS,
    input: { KeyId: S.keyId(), KeyVersion: S.keyVersion(), ...spec.input },
    output: { KeyId: { ...S.keyArn(), required: true }, KeyVersion: S.keyVersion(), KeyVersionState: STATE, ...spec.output },
    async run(ctx, input) {
      const key = await ctx.key(input.KeyId, spec.name, 'idOrArn');
      await spec.check?.(key, input, ctx.service);
      let before: VersionLifecycle | undefined;
      let after: VersionLifecycle | undefined;
      await mutateLifecycle(ctx.service, key.record.keyId, spec.name, (view) => {
        const now = ctx.service.now();
        before = versionState(view, versionRow(view, input.KeyVersion, key.arn));
        after = transitionVersion(view, input.KeyVersion, spec.name, key.arn, now, spec.extra?.(input, now));
        return after ? { versions: [after] } : undefined;
      });
      const stored = after ?? before!;
      ctx.used(key, input.KeyVersion);
      ctx.audit.details = { version: input.KeyVersion, from: before!.state, to: stored.state, changed: after !== undefined };
      return { KeyId: key.arn, KeyVersion: input.KeyVersion, KeyVersionState: stored.state, ...spec.result?.(stored) };
    },
  });
}
