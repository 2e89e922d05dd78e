// Test helpers for Keyward's extension API: the shipped JavaScript client for a test server, and the version a
// symmetric ciphertext names (docs/ciphertext-format.md: key version at offset 18, big-endian).
import type { KMSClient } from '@aws-sdk/client-kms';
import { KeywardClient } from '../../src/client/index.js';
import { useTestServer, type TestServer } from './server.js';

/** The extension API client for a test server, one attempt per call so errors surface as they are. */
export function keywardClient(server: Pick<TestServer, 'url' | 'region' | 'credentials'>): KeywardClient {
  return new KeywardClient({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
}

/** The key version a Keyward symmetric ciphertext blob was made under. */
export function blobVersion(blob: Uint8Array): number {
  return Buffer.from(blob).readUInt32BE(18);
}

/** A test server with an AWS KMS client and the Keyward client, filled in before the file's tests run. */
export interface ExtensionServer { server: TestServer; kms: KMSClient; kw: KeywardClient }

/** Starts a dev server (on the test clock by default) for a test file: `const t = useExtensionServer();`. */
export function useExtensionServer(args: string[] = ['--test-clock']): ExtensionServer {
  const t = {} as ExtensionServer;
  useTestServer({ args }, (s, k) => {
    t.server = s;
    t.kms = k;
    t.kw = keywardClient(s);
  });
  return t;
}
