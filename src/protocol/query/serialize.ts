// Writes an AWS Query response: `<OpResponse xmlns=...><OpResult>members in shape order</OpResult>
// <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></OpResponse>`. Lists are `<member>` elements, maps
// `<entry><key/><value/></entry>`, timestamps ISO 8601 without fractions (as IAM writes them), booleans true|false.
// IAM sends policy documents URL-encoded (RFC 3986), which boto3 decodes and the AWS CLI prints as JSON.
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#response-serialization
import { shapeOf, type MemberRef, type QueryServiceModel, type ShapeDef } from './model.js';
import { xmlText } from './xml.js';

/** Shapes whose strings IAM URL-encodes in responses (policy documents). */
const URL_ENCODED_SHAPES = new Set(['policyDocumentType']);

export function queryResponseBody(model: QueryServiceModel, operation: string, output: Record<string, unknown>, requestId: string): string {
  const op = model.operations[operation];
  const ns = model.metadata.xmlNamespace;
  let result = '';
  if (op?.output) {
    const inner = structure(model, shapeOf(model, op.output), output);
    const wrapper = op.output.resultWrapper ?? `${operation}Result`;
    result = `<${wrapper}>${inner}</${wrapper}>`;
  }
  return `<${operation}Response xmlns="${ns}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

function structure(model: QueryServiceModel, shape: ShapeDef, value: Record<string, unknown>): string {
  let out = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    const tag = ref.locationName ?? name;
    out += `<${tag}>${member(model, ref, v)}</${tag}>`;
  }
  return out;
}

function member(model: QueryServiceModel, ref: MemberRef, v: unknown): string {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure': return structure(model, shape, v as Record<string, unknown>);
    case 'list': {
      const tag = shape.member!.locationName ?? 'member';
      return (v as unknown[]).map((item) => `<${tag}>${member(model, shape.member!, item)}</${tag}>`).join('');
    }
    case 'map':
      return Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `<entry><key>${xmlText(k)}</key><value>${member(model, shape.value!, x)}</value></entry>`).join('');
    case 'timestamp': return isoSeconds(v as number);
    case 'boolean': return v ? 'true' : 'false';
    case 'blob': return (v as Buffer).toString('base64');
    case 'string': return xmlText(URL_ENCODED_SHAPES.has(ref.shape) ? encodeURIComponent(String(v)) : String(v));
    default: return String(v);
  }
}

/** Epoch milliseconds as `2026-12-07T10:00:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
