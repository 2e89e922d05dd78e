// CancelKeyVersionDestruction: a version pending destruction returns as DISABLED (as CancelKeyDeletion leaves a key
// Disabled); EnableKeyVersion then makes it usable. docs/extension-api.md
import { versionTransitionOperation } from './version-transition.js';

export const cancelKeyVersionDestruction = versionTransitionOperation({
  name: 'CancelKeyVersionDestruction',
  doc: 'Cancels the scheduled destruction of a key version; the version is then DISABLED (enable it with EnableKeyVersion).',
});
