// EnableKeyVersion: a disabled version is usable again. docs/extension-api.md
import { versionTransitionOperation } from './version-transition.js';

export const enableKeyVersion = versionTransitionOperation({
  name: 'EnableKeyVersion',
  doc: 'Enables a disabled version of a key again. Idempotent. A version pending destruction is restored with CancelKeyVersionDestruction.',
});
