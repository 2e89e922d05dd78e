// The Recipient member (AWS Nitro Enclaves attestation). Keyward cannot verify Nitro attestation documents, so
// it refuses the member rather than silently returning plaintext where the caller expects CiphertextForRecipient.
import { KmsError } from '../../protocol/errors.js';
import type { Field } from '../../protocol/shape.js';

export const RECIPIENT_FIELD: Field = {
  t: 'struct',
  fields: {
    KeyEncryptionAlgorithm: { t: 'enum', values: ['RSAES_OAEP_SHA_256'] },
    AttestationDocument: { t: 'blob', min: 1, max: 262144 },
  },
};

export function refuseRecipient(recipient: unknown): void {
  if (recipient !== undefined) {
    throw new KmsError('UnsupportedOperationException', 'Recipient (Nitro Enclaves attestation) is not supported by Keyward.');
  }
}
