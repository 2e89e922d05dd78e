// A webhook receiver for tests: a real HTTP server on a free loopback port that records every delivery (headers, body,
// whether its Keyward-Signature verifies), answering 2xx, or what `answer` decides per delivery.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignatureHeader } from '../../src/client/index.js';

export interface Delivery {
  eventId: string;
  eventType: string;
  body: Record<string, unknown>;
  /** The body as received, and the Keyward-Signature header, for a test's own check of the signature. */
  text: string;
  signature: string | undefined;
  signatureValid: boolean;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  deliveries: Delivery[];
  /** Deliveries answered 2xx, one per event id expected. */
  accepted(): Delivery[];
  /** The status to answer the next deliveries with (default 204). */
  answer(status: (d: Omit<Delivery, 'status'>) => number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string, port = 0): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  let decide: (d: Omit<Delivery, 'status'>) => number = () => 204;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['keyward-signature'] as string | undefined;
      const d = {
        eventId: String(req.headers['keyward-event-id']), eventType: String(req.headers['keyward-event-type']),
        body: JSON.parse(text) as Record<string, unknown>, text, signature: header,
        signatureValid: verifySignatureHeader(secret, header, text, Math.floor(Date.now() / 1000)) !== undefined,
      };
      const status = decide(d);
      deliveries.push({ ...d, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/keyward`,
    deliveries,
    accepted: () => deliveries.filter((d) => d.status >= 200 && d.status < 300),
    answer(status) {
      decide = status;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
