// The botocore service model of Keyward's extension API, generated from the operation registry (KEYWARD_OPERATIONS):
// JSON 1.1, target prefix KeywardService, SigV4 signing name kms. Written to models/keyward/<version>/service-2.json by
// `npm run generate:models`, so `AWS_DATA_PATH=<package>/models` gives boto3.client("keyward") and `aws keyward`;
// test/unit/service-model.test.ts keeps the file equal to this output. Format: botocore's data/<service>/<version>/
// service-2.json (https://github.com/boto/botocore/tree/develop/botocore/data).
import { ERROR_STATUS, type ErrorCode } from '../../protocol/errors.js';
import type { Field, Shape } from '../../protocol/shape.js';
import type { ExtensionOperation } from '../operation.js';
import { KEYWARD_OPERATIONS } from './registry.js';

export const KEYWARD_API_VERSION = '2025-01-01';

/** Errors any extension request can answer besides its own: every operation is authorised (keyward:<Operation>). */
export const COMMON_ERRORS: readonly ErrorCode[] = ['AccessDeniedException'];

type Json = Record<string, unknown>;

export interface ServiceModel {
  version: '2.0';
  metadata: Json;
  operations: Record<string, Json>;
  shapes: Record<string, Json>;
}

/** The model of `ops` (default: every registered extension operation), operations and shapes in name order. */
export function keywardServiceModel(ops: Iterable<ExtensionOperation> = KEYWARD_OPERATIONS.values()): ServiceModel {
  const shapes = new ShapeTable();
  const operations: Record<string, Json> = {};
  for (const op of [...ops].sort((a, b) => a.name.localeCompare(b.name))) {
    shapes.structure(`${op.name}Request`, op.input);
    shapes.structure(`${op.name}Response`, op.output);
    const errors = [...new Set([...op.errors, ...COMMON_ERRORS])];
    for (const code of errors) shapes.error(code);
    operations[op.name] = {
      name: op.name, http: { method: 'POST', requestUri: '/' }, input: { shape: `${op.name}Request` },
      output: { shape: `${op.name}Response` }, errors: errors.map((shape) => ({ shape })), documentation: `<p>${op.doc}</p>`,
    };
  }
  return {
    version: '2.0',
    metadata: {
      apiVersion: KEYWARD_API_VERSION, endpointPrefix: 'kms', jsonVersion: '1.1', protocol: 'json', protocols: ['json'],
      serviceAbbreviation: 'Keyward', serviceFullName: 'Keyward Extension API', serviceId: 'Keyward', signatureVersion: 'v4',
      signingName: 'kms', targetPrefix: 'KeywardService', uid: `keyward-${KEYWARD_API_VERSION}`,
    },
    operations,
    shapes: shapes.sorted(),
  };
}

/** Errors whose body carries members besides `message` (member → [shape name, shape]), as KmsError.members sends them. */
const ERROR_MEMBERS: Partial<Record<ErrorCode, Record<string, [string, Json]>>> = {
  ApprovalRequiredException: { ApprovalRequestId: ['ApprovalRequestIdType', { type: 'string', min: 36, max: 36, pattern: '^apr-[0-9a-f]{32}$' }] },
};

/** Named shapes; a name given twice must mean the same shape (else the registry names two shapes alike: an error). */
class ShapeTable {
  private readonly shapes = new Map<string, Json>();

  sorted(): Record<string, Json> {
    return Object.fromEntries([...this.shapes.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  structure(name: string, shape: Shape, doc?: string): string {
    const required = Object.entries(shape).filter(([, f]) => f.required).map(([m]) => m);
    const members = Object.fromEntries(Object.entries(shape).map(([m, f]) => [m, this.member(m, f)]));
    return this.define(name, { type: 'structure', ...(required.length ? { required } : {}), members, ...(doc ? { documentation: `<p>${doc}</p>` } : {}) });
  }

  error(code: ErrorCode): void {
    const status = ERROR_STATUS[code];
    this.define('ErrorMessageType', { type: 'string' });
    const extra = ERROR_MEMBERS[code];
    for (const [shape, def] of Object.values(extra ?? {})) this.define(shape, def);
    this.define(code, {
      type: 'structure', members: { message: { shape: 'ErrorMessageType' }, ...Object.fromEntries(Object.entries(extra ?? {}).map(([m, [shape]]) => [m, { shape }])) },
      error: { code, httpStatusCode: status, ...(status < 500 ? { senderFault: true } : {}) }, exception: true, ...(status >= 500 ? { fault: true } : {}),
    });
  }

  private member(memberName: string, f: Field): Json {
    return { shape: this.field(memberName, f), ...(f.doc ? { documentation: `<p>${f.doc}</p>` } : {}) };
  }

  /** Defines the shape of a field; returns its name. */
  private field(memberName: string, f: Field): string {
    const bounds = (x: { min?: number; max?: number }) => ({ ...(x.min !== undefined ? { min: x.min } : {}), ...(x.max !== undefined ? { max: x.max } : {}) });
    switch (f.t) {
      case 'string': return this.define(f.name ?? `${memberName}Type`, { type: 'string', ...bounds(f), ...(f.pattern ? { pattern: f.pattern.source } : {}) });
      case 'blob': return this.define(f.name ?? `${memberName}Type`, { type: 'blob', ...bounds(f) });
      case 'int': return this.define(f.name ?? `${memberName}Type`, { type: 'integer', box: true, ...bounds(f) });
      case 'long': return this.define(f.name ?? 'LongType', { type: 'long', box: true, ...bounds(f) });
      case 'bool': return this.define(f.name ?? 'BooleanType', { type: 'boolean', box: true });
      case 'timestamp': return this.define(f.name ?? 'DateType', { type: 'timestamp' });
      case 'enum': return this.define(f.name ?? `${memberName}Type`, { type: 'string', enum: [...f.values] });
      case 'map': return this.define(f.name ?? `${memberName}Type`, {
        type: 'map', key: { shape: this.define('MapKeyType', { type: 'string' }) },
        value: { shape: f.value ? this.field(`${memberName}Value`, f.value) : this.define('MapValueType', { type: 'string' }) },
      });
      case 'list': return this.define(f.name ?? `${memberName}List`, { type: 'list', member: { shape: this.field(`${memberName}Member`, f.of) }, ...bounds(f) });
      case 'struct': return this.structure(f.name ?? `${memberName}Structure`, f.fields, f.doc);
    }
  }

  private define(name: string, shape: Json): string {
    const known = this.shapes.get(name);
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(shape)) {
      throw new Error(`service model: two different shapes are named ${name}: ${JSON.stringify(known)} and ${JSON.stringify(shape)}`);
    }
    this.shapes.set(name, shape);
    return name;
  }
}

/**
 * The endpoint rule set shipped beside the model: Keyward has no public endpoint, so the SDK's endpoint_url (boto3) or
 * --endpoint-url (AWS CLI) is used as given, and a client without one fails with a clear message instead of sending
 * requests to an AWS endpoint. Format: Smithy endpoint rules (https://smithy.io/2.0/additional-specs/rules-engine/).
 */
export function keywardEndpointRules(): Json {
  return {
    version: '1.0',
    parameters: {
      Region: { builtIn: 'AWS::Region', required: false, documentation: 'The AWS Region (in ARNs only: Keyward has no regional endpoints).', type: 'String' },
      Endpoint: { builtIn: 'SDK::Endpoint', required: false, documentation: 'The URL of the Keyward server.', type: 'String' },
    },
    rules: [
      { conditions: [{ fn: 'isSet', argv: [{ ref: 'Endpoint' }] }], endpoint: { url: { ref: 'Endpoint' }, properties: {}, headers: {} }, type: 'endpoint' },
      { conditions: [], error: 'Keyward has no default endpoint: pass the server URL as endpoint_url (boto3) or --endpoint-url (AWS CLI).', type: 'error' },
    ],
  };
}
