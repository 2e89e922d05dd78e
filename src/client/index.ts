// The `keyward/client` package export: a typed client of Keyward's extension API (docs/extension-api.md), the request
// and response types generated from the service model, and the webhook signature check for event receivers.
export { KeywardClient, KeywardServiceException, type Credentials, type KeywardClientConfig } from './keyward-client.js';
export type * from './keyward-operations.js';
export { verifySignatureHeader, SIGNATURE_HEADER } from '../webhooks/webhook-signature.js';
