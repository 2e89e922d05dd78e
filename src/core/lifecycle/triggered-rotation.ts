// Rotations the lifecycle triggers (a version reaching its usage warning, or the end of its originator-usage period)
// beyond AWS's schedule: a new current version, made only if the key's rotation is on, the key is enabled and the
// version that triggered it is still current (so concurrent triggers across nodes rotate once). Audited as RotateKey.
import { addVersion } from '../keys/key-mutation.js';
import type { KmsService } from '../service.js';
import { rotationEnabled } from './rotation.js';
import { auditSystemAction } from './system-audit.js';

/** Rotates the key if `version` is still its current version and automatic rotation is on; the new version, if any. */
export async function rotateForLifecycle(service: KmsService, keyId: string, version: number, reason: string): Promise<number | undefined> {
  const rotated = await addVersion(service, keyId, undefined, 'AUTOMATIC', (k) => {
    const rotatable = k.keySpec === 'SYMMETRIC_DEFAULT' && k.origin === 'AWS_KMS';
    return rotatable && k.state === 'Enabled' && rotationEnabled(k) && k.currentVersion === version ? {} : undefined;
  });
  if (!rotated) return undefined;
  await auditSystemAction(service, 'RotateKey', rotated.record, { rotationType: 'AUTOMATIC', reason, version: rotated.version.version, previousVersion: version });
  return rotated.version.version;
}
