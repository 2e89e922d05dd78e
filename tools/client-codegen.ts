// Generates the JavaScript client's typed surface (src/client/keyward-operations.ts) from the botocore service model, which
// is itself generated from the operation registry (src/core/operations/service-model.ts): the request and response
// interfaces, the enum unions, one method per operation, and which answer members are timestamps or blobs.
import type { ServiceModel } from '../src/core/operations/service-model.js';

type Json = Record<string, any>;

/** The documentation as a one-line JSDoc comment, if there is any. */
const doc = (text: unknown, indent: string): string[] =>
  typeof text === 'string' ? [`${indent}/** ${text.replace(/<\/?p>/g, '').replace(/\*\//g, '* /')} */`] : [];
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function clientSource(model: ServiceModel): string {
  const shapes = model.shapes as Record<string, Json>;
  const typeOf = (name: string): string => {
    const s = shapes[name]!;
    switch (s.type) {
      case 'structure': return s.exception ? 'never' : name;
      case 'string': return s.enum ? name : 'string';
      case 'integer': case 'long': return 'number';
      case 'boolean': return 'boolean';
      case 'timestamp': return 'Date';
      case 'blob': return 'Uint8Array';
      case 'list': return `${typeOf(s.member.shape)}[]`;
      case 'map': return `Record<string, ${typeOf(s.value.shape)}>`;
      default: throw new Error(`shape ${name}: type ${s.type} has no TypeScript mapping`);
    }
  };
  const out: string[] = [
    '// GENERATED from the Keyward service model (models/keyward) by `npm run generate:models`: do not edit.',
    '// The extension API\'s request and response types, the client\'s operation methods, and which answer members are',
    '// timestamps (sent as epoch seconds, returned as Date). docs/extension-api.md describes the operations.',
    '',
  ];
  for (const [name, s] of Object.entries(shapes)) {
    if (s.type === 'string' && s.enum) out.push(`export type ${name} = ${(s.enum as string[]).map((v) => `'${v}'`).join(' | ')};`, '');
    if (s.type !== 'structure' || s.exception) continue;
    const required = new Set<string>(s.required ?? []);
    out.push(...doc(s.documentation, ''), `export interface ${name} {`);
    for (const [member, m] of Object.entries(s.members as Record<string, Json>)) {
      out.push(...doc(m.documentation, '  '), `  ${member}${required.has(member) ? '' : '?'}: ${typeOf(m.shape)};`);
    }
    out.push('}', '');
  }
  out.push(
    '/** Where an answer holds timestamps (\'date\') or blobs (\'blob\'): per member, per list element ([spec]) or map value (\'*\'). */',
    'export type OutputSpec = \'date\' | \'blob\' | readonly [OutputSpec] | { readonly [member: string]: OutputSpec };',
    '',
    `export const OUTPUT_SHAPES: Readonly<Record<string, OutputSpec>> = ${JSON.stringify(outputSpecs(model), null, 2).replace(/"([A-Za-z]+)":/g, '$1:').replace(/"/g, '\'')};`,
    '',
    '/** One method per extension operation; KeywardClient supplies the transport. */',
    'export abstract class KeywardOperations {',
    '  protected abstract call(operation: string, input: object): Promise<unknown>;',
  );
  for (const [name, op] of Object.entries(model.operations as Record<string, Json>)) {
    const input = op.input.shape as string;
    const optional = (shapes[input]!.required ?? []).length === 0;
    out.push('', ...doc(op.documentation, '  '),
      `  ${lowerFirst(name)}(input: ${input}${optional ? ' = {}' : ''}): Promise<${op.output.shape}> {`,
      `    return this.call('${name}', input) as Promise<${op.output.shape}>;`, '  }');
  }
  out.push('}', '');
  return out.join('\n');
}

/** Per operation, the spec of its answer (only operations whose answers hold timestamps or blobs). */
function outputSpecs(model: ServiceModel): Record<string, unknown> {
  const shapes = model.shapes as Record<string, Json>;
  const spec = (name: string): unknown => {
    const s = shapes[name]!;
    if (s.type === 'timestamp') return 'date';
    if (s.type === 'blob') return 'blob';
    if (s.type === 'list') {
      const inner = spec(s.member.shape);
      return inner === undefined ? undefined : [inner];
    }
    if (s.type === 'map') {
      const inner = spec(s.value.shape);
      return inner === undefined ? undefined : { '*': inner };
    }
    if (s.type !== 'structure') return undefined;
    const members = Object.entries(s.members as Record<string, Json>).flatMap(([m, v]) => {
      const inner = spec(v.shape);
      return inner === undefined ? [] : [[m, inner] as const];
    });
    return members.length ? Object.fromEntries(members) : undefined;
  };
  return Object.fromEntries(Object.entries(model.operations as Record<string, Json>).flatMap(([name, op]) => {
    const s = spec(op.output.shape as string);
    return s === undefined ? [] : [[name, s]];
  }));
}
