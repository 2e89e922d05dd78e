// Keyward has no MFA devices, so no serial number a caller names is associated with them: STS answers as AWS does for a
// device that is not the caller's. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
import { KmsError } from '../../protocol/errors.js';

/** AccessDenied when the request names an MFA device (SerialNumber): none can be valid here. */
export function refuseMfa(serialNumber: string | undefined): void {
  if (serialNumber === undefined) return;
  throw new KmsError('AccessDeniedException',
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.');
}
