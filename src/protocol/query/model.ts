// The parts of a botocore service model the AWS Query protocol needs (IAM and STS are Query services): operations with
// their input, output and error shapes, and the shapes themselves, as botocore's service-2.json writes them.
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html

export interface MemberRef {
  shape: string;
  locationName?: string;
}

export interface ShapeDef {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  flattened?: boolean;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  /** On error shapes: the Query error code and HTTP status. */
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
}

export interface OperationDef {
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
}

export interface QueryServiceModel {
  metadata: { apiVersion: string; xmlNamespace: string; endpointPrefix: string; serviceId: string };
  operations: Record<string, OperationDef>;
  shapes: Record<string, ShapeDef>;
}

/** The shape a reference names; throws on a model that does not define it (a generator bug, not a client error). */
export function shapeOf(model: QueryServiceModel, ref: MemberRef | { shape: string }): ShapeDef {
  const s = model.shapes[ref.shape];
  if (!s) throw new Error(`${model.metadata.endpointPrefix} model has no shape ${ref.shape}`);
  return s;
}
