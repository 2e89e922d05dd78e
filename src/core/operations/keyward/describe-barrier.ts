// KeywardService.DescribeBarrier: the barrier keyring's terms and the state of the latest rotation (administrators
// only): TargetTerm, how many values were re-sealed, whether it completed and which terms it retired.
import { requireAdministrator } from '../../access/administrator.js';
import type { Shape } from '../../../protocol/shape.js';
import { defineExtensionOperation, type Output } from '../../operation.js';
import { rotationState, type RotationState } from '../../secrets/barrier-rotation.js';
import type { KmsService } from '../../service.js';

export function barrierDescription(service: KmsService, state: RotationState | undefined): Output {
  const { barrier } = service.deps;
  return {
    CurrentTerm: barrier.currentTerm,
    Terms: barrier.terms(),
    ...(state ? {
      Rotation: {
        TargetTerm: state.target, State: state.completedAt === undefined ? 'IN_PROGRESS' : 'COMPLETED', Resealed: state.rewrapped,
        StartedAt: state.startedAt / 1000, ...(state.completedAt !== undefined ? { CompletedAt: state.completedAt / 1000, RetiredTerms: state.retired ?? [] } : {}),
      },
    } : {}),
  };
}

const TERM: Shape[string] = { t: 'int', min: 1, name: 'BarrierTermType' };

/** The answer of DescribeBarrier and RotateBarrier. */
export const BARRIER_OUTPUT: Shape = {
  CurrentTerm: { ...TERM, required: true, doc: 'The barrier key term new sealed values use.' },
  Terms: { t: 'list', required: true, of: TERM, name: 'BarrierTermList', doc: 'The terms whose keys the node holds.' },
  Rotation: {
    t: 'struct', name: 'BarrierRotation', doc: 'The latest rotation; absent before the first.',
    fields: {
      TargetTerm: { ...TERM, required: true },
      State: { t: 'enum', required: true, values: ['IN_PROGRESS', 'COMPLETED'], name: 'BarrierRotationState' },
      Resealed: { t: 'long', required: true, min: 0, doc: 'Sealed values re-sealed so far.' },
      StartedAt: { t: 'timestamp', required: true },
      CompletedAt: { t: 'timestamp' },
      RetiredTerms: { t: 'list', of: TERM, name: 'BarrierTermList', doc: 'COMPLETED: the terms the rotation retired.' },
    },
  },
};

export const describeBarrier = defineExtensionOperation<Record<string, never>>({
  name: 'DescribeBarrier',
  doc: 'Describes the barrier keyring: its current term, the terms the node holds, and the state of the latest rotation.',
  errors: ['AccessDeniedException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {},
  output: BARRIER_OUTPUT,
  async run(ctx) {
    await requireAdministrator(ctx, 'DescribeBarrier');
    await ctx.service.deps.barrier.refresh?.();
    return barrierDescription(ctx.service, await rotationState(ctx.service));
  },
});
