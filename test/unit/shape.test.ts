// Input validation produces AWS's ValidationException wording and SerializationException for wrong types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KmsError } from '../../src/protocol/errors.js';
import { F, validate, type Shape } from '../../src/protocol/shape.js';

const shape: Shape = {
  KeyId: F.keyId(),
  Plaintext: F.plaintext(false),
  NumberOfBytes: { t: 'int', min: 1, max: 1024 },
  KeySpec: F.enumOf(['AES_256', 'AES_128']),
  Tags: { t: 'list', of: { t: 'struct', fields: { TagKey: { t: 'string', required: true, min: 1, max: 128 } } } },
};

function fails(body: unknown): KmsError {
  try {
    validate(body, shape);
  } catch (e) {
    assert.ok(e instanceof KmsError);
    return e;
  }
  assert.fail('expected a validation failure');
}

test('range, length, enum and null messages match AWS', () => {
  assert.equal(fails({ KeyId: 'k', NumberOfBytes: 1025 }).clientMessage,
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
  assert.equal(fails({ KeyId: 'k', Plaintext: '' }).clientMessage,
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1");
  assert.equal(fails({ KeyId: 'k', KeySpec: 'AES_257' }).clientMessage,
    "1 validation error detected: Value 'AES_257' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
  assert.equal(fails({}).clientMessage, "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
  assert.equal(fails({ KeyId: 'k', Tags: [{ TagKey: 'x'.repeat(129) }] }).clientMessage,
    `1 validation error detected: Value '${'x'.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`);
});

test('several problems are counted and joined', () => {
  const e = fails({ NumberOfBytes: 0 });
  assert.match(e.clientMessage!, /^2 validation errors detected: .+; .+$/);
});

test('wrong JSON types and bad base64 are SerializationException', () => {
  assert.equal(fails({ KeyId: 5 }).code, 'SerializationException');
  assert.equal(fails({ KeyId: 'k', Plaintext: 'not base64!' }).code, 'SerializationException');
  assert.equal(fails([]).code, 'SerializationException');
});

test('valid input is returned with blobs decoded and unknown members dropped', () => {
  const out = validate<{ KeyId: string; Plaintext: Buffer }>({ KeyId: 'k', Plaintext: 'aGVsbG8=', Extra: 1 }, shape);
  assert.equal(out.Plaintext.toString(), 'hello');
  assert.equal((out as Record<string, unknown>).Extra, undefined);
});
