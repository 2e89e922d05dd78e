// The one error type of the message format layer: every refusal (bad input, bad message, failed check) is an EsdkError
// with a message fit for the user, never containing key material or plaintext.
export class EsdkError extends Error {
  override readonly name = 'EsdkError';
}

/** Throws an EsdkError with `message` unless `condition` holds (the SDK's `needs`). */
export function needs(condition: unknown, message: string): asserts condition {
  if (!condition) throw new EsdkError(message);
}
