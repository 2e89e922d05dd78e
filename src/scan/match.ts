// What a detector reports: where in one value (a file or a column value) a ciphertext sits, in which form, and the key
// and version it names. The scan adds the location (file path or row key) and resolves the key id to its ARN.

/** The forms the scan recognises, each with its own extent rule (docs/cli.md "keyward scan"). */
export type MatchFormat =
  /** A whole file or column value that is one Keyward blob (raw bytes). */
  | 'keyward-blob'
  /** A base64 run (standard or URL-safe alphabet, padded or not) anywhere in text or JSON that decodes to one blob. */
  | 'keyward-blob-base64'
  /** An AWS Encryption SDK message (whole file or value) whose aws-kms encrypted data key is a Keyward blob. */
  | 'esdk-message';

export interface Base64Style { urlSafe: boolean; padded: boolean }

export interface Match {
  format: MatchFormat;
  /** Byte offset of the form in its value. */
  offset: number;
  /** Bytes the form occupies in its value (base64: characters including padding; ESDK: the whole message). */
  length: number;
  keyId: string;
  keyVersion: number;
  /** ESDK: the key ARN the encrypted data key's provider info names. */
  keyArn?: string;
  /** Bytes of ciphertext under the key: the blob's size, or the ESDK message's. */
  bytes: number;
  base64?: Base64Style;
}
