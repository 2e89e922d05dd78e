// KeywardService.RotateBarrier: starts a barrier rotation (administrators only): a new barrier key term now, every
// sealed value re-sealed under it in the background in batches of BatchSize, old terms retired when nothing uses them
// (core/secrets/barrier-rotation.ts). A rotation in progress is reported, not restarted.
import { requireAdministrator } from '../../access/administrator.js';
import { defineExtensionOperation } from '../../operation.js';
import { DEFAULT_BATCH, startBarrierRotation } from '../../secrets/barrier-rotation.js';
import { BARRIER_OUTPUT, barrierDescription } from './describe-barrier.js';

export const rotateBarrier = defineExtensionOperation<{ BatchSize?: number }>({
  name: 'RotateBarrier',
  doc: 'Starts a barrier key rotation: a new barrier key term now, every sealed value re-sealed under it in the background in batches of BatchSize, old terms retired when nothing uses them. A rotation in progress is reported, not restarted.',
  errors: ['AccessDeniedException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { BatchSize: { t: 'int', min: 1, max: 1000, doc: 'Sealed values re-sealed per batch (default 100).' } },
  output: BARRIER_OUTPUT,
  async run(ctx, input) {
    await requireAdministrator(ctx, 'RotateBarrier');
    const state = await startBarrierRotation(ctx.service, input.BatchSize ?? DEFAULT_BATCH);
    ctx.audit.details.term = state.target;
    ctx.service.deps.node.runJobsSoon();
    return barrierDescription(ctx.service, state);
  },
});
