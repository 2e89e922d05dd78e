// The imported-material expiry job: material past its ValidTo is deleted (the key returns to PendingImport) and
// audited as a system action; expired import tokens are shredded. https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html
import { drainBatches, type ScheduledJob } from '../lifecycle/scheduler.js';
import { auditSystemAction } from '../lifecycle/system-audit.js';
import { expireImportedMaterial } from './import-material.js';
import { IMPORT_TOKEN_FORGET_MS } from './import-token.js';

export const importExpiryJob: ScheduledJob = {
  name: 'imported material expiry',
  async run(service) {
    const done = await drainBatches((limit) => service.store.dueMaterialExpiries(service.now(), limit), async (m) => {
      const expired = await expireImportedMaterial(service, m);
      if (!expired) return false;
      await auditSystemAction(service, 'DeleteImportedKeyMaterial', expired.record, {
        reason: 'KeyMaterialExpired', keyMaterialId: expired.materialId, validTo: m.validTo, version: m.version,
      });
      return true;
    });
    const now = service.now();
    await service.store.purgeImportTokens(now, now - IMPORT_TOKEN_FORGET_MS);
    return done;
  },
};
