// The one explicit registry of operations: the dispatcher looks up `X-Amz-Target: TrentService.<name>` here,
// and tests iterate it (every operation has a shape, a key-state row where it touches keys, and tests).
import type { Operation } from './operation.js';
import { createKey } from './operations/create-key.js';
import { decrypt } from './operations/decrypt.js';
import { describeKey } from './operations/describe-key.js';
import { encrypt } from './operations/encrypt.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';
import { generateRandom } from './operations/generate-random.js';
import { listKeys } from './operations/list-keys.js';
import { reEncrypt } from './operations/re-encrypt.js';

const ALL: readonly Operation[] = [
  createKey, describeKey, listKeys, encrypt, decrypt, reEncrypt, generateDataKey, generateDataKeyWithoutPlaintext,
  generateRandom,
];

export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(ALL.map((op) => [op.name, op]));
