// DisableKeyVersion: one version of a key stops being usable (Decrypt of its ciphertexts fails, naming the version)
// until EnableKeyVersion; never the current version while the key is enabled. docs/extension-api.md
import { versionTransitionOperation } from './version-transition.js';

export const disableKeyVersion = versionTransitionOperation({
  name: 'DisableKeyVersion',
  doc: 'Disables one version of a key: its ciphertexts no longer decrypt (the error names the version) until EnableKeyVersion. The current version of an enabled key cannot be disabled. Idempotent.',
});
