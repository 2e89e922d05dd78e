// Errors of the AWS Query protocol (IAM, STS): a code, a message, an HTTP status and a fault side, serialised as
// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization
import { KmsError, type ErrorCode } from '../errors.js';
import { xmlText } from './xml.js';

export class QueryError extends Error {
  constructor(
    readonly code: string,
    readonly clientMessage: string,
    readonly status = 400,
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(clientMessage);
    this.name = code;
  }
}

/**
 * The Query form of the errors every AWS service shares, raised by code common to all protocols (SigV4, throttling,
 * authorization): the names and statuses IAM and STS send (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
 */
const COMMON: Partial<Record<ErrorCode, [code: string, status: number]>> = {
  AccessDeniedException: ['AccessDenied', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  IncompleteSignatureException: ['IncompleteSignature', 403],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  ExpiredTokenException: ['ExpiredToken', 403],
  ThrottlingException: ['Throttling', 400],
  ValidationException: ['ValidationError', 400],
  SerializationException: ['MalformedQueryString', 404],
  UnknownOperationException: ['InvalidAction', 400],
  RequestEntityTooLargeException: ['RequestEntityTooLarge', 413],
  ServiceUnavailableException: ['ServiceUnavailable', 503],
  KMSInternalException: ['ServiceFailure', 500],
};

/** Any error raised while serving a Query request, in Query form; anything unknown is an internal failure. */
export function asQueryError(err: unknown): QueryError | undefined {
  if (err instanceof QueryError) return err;
  if (err instanceof KmsError) {
    const mapped = COMMON[err.code];
    if (mapped) return new QueryError(mapped[0], err.clientMessage ?? '', mapped[1]);
  }
  return undefined;
}

export function queryErrorBody(err: QueryError, namespace: string, requestId: string): string {
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>${err.fault}</Type><Code>${xmlText(err.code)}</Code>` +
    `<Message>${xmlText(err.clientMessage)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
