// KeywardService.DescribeBarrier: the barrier keyring's terms and the state of the latest rotation (administrators
// only): TargetTerm, how many values were re-sealed, whether it completed and which terms it retired.
import { requireAdministrator } from '../../access/administrator.js';
import { defineOperation, type Output } from '../../operation.js';
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

export const describeBarrier = defineOperation<Record<string, never>>({
  name: 'DescribeBarrier',
  input: {},
  async run(ctx) {
    await requireAdministrator(ctx, 'DescribeBarrier');
    await ctx.service.deps.barrier.refresh?.();
    return barrierDescription(ctx.service, await rotationState(ctx.service));
  },
});
