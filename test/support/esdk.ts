// Helpers for the Encryption SDK format tests: collecting a stream of message or plaintext bytes.
export async function collect(gen: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of gen) parts.push(b);
  return Buffer.concat(parts);
}
