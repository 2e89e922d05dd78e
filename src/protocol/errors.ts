// AWS KMS error model: one error class carrying an AWS error code, one table code → HTTP status.
// https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html and the KMS service model.

/** Every error code Keyward can send, verbatim as AWS spells it (the JSON `__type`). */
export const ERROR_STATUS = {
  // Modeled KMS errors. Real AWS answers 400 for client errors, even those the Smithy model marks 404/409.
  AlreadyExistsException: 400,
  ConflictException: 400,
  CustomKeyStoreNotFoundException: 400,
  CustomKeyStoreInvalidStateException: 400,
  CustomKeyStoreNameInUseException: 400,
  CustomKeyStoreHasCMKsException: 400,
  CloudHsmClusterNotFoundException: 400,
  CloudHsmClusterInUseException: 400,
  CloudHsmClusterNotRelatedException: 400,
  CloudHsmClusterNotActiveException: 400,
  CloudHsmClusterInvalidConfigurationException: 400,
  IncorrectTrustAnchorException: 400,
  DisabledException: 400,
  DryRunOperationException: 400,
  ExpiredImportTokenException: 400,
  IncorrectKeyException: 400,
  IncorrectKeyMaterialException: 400,
  InvalidAliasNameException: 400,
  InvalidArnException: 400,
  InvalidCiphertextException: 400,
  InvalidGrantIdException: 400,
  InvalidGrantTokenException: 400,
  InvalidImportTokenException: 400,
  InvalidKeyUsageException: 400,
  InvalidMarkerException: 400,
  KMSInvalidMacException: 400,
  KMSInvalidSignatureException: 400,
  KMSInvalidStateException: 400,
  LimitExceededException: 400,
  MalformedPolicyDocumentException: 400,
  NotFoundException: 400,
  TagException: 400,
  UnsupportedOperationException: 400,
  NotAuthorizedException: 400,
  // Keyward: a call a multi-party approval rule protects (its body also carries ApprovalRequestId).
  ApprovalRequiredException: 400,
  // Errors every AWS JSON service emits.
  AccessDeniedException: 400,
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  ThrottlingException: 400,
  RequestEntityTooLargeException: 413,
  UnrecognizedClientException: 400,
  ExpiredTokenException: 400,
  InvalidSignatureException: 400,
  IncompleteSignatureException: 400,
  MissingAuthenticationTokenException: 400,
  // Server faults: SDKs retry these.
  KMSInternalException: 500,
  KeyUnavailableException: 500,
  DependencyTimeoutException: 503,
  ServiceUnavailableException: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A failure the client is told about. `message` undefined means AWS sends no message field at all. */
export class KmsError extends Error {
  readonly code: ErrorCode;
  readonly clientMessage: string | undefined;
  /** Modeled members of the error body besides `message` (ApprovalRequiredException's ApprovalRequestId). */
  readonly members: Readonly<Record<string, string>> | undefined;
  constructor(code: ErrorCode, message?: string, members?: Record<string, string>) {
    super(message ?? code);
    this.name = code;
    this.code = code;
    this.clientMessage = message;
    this.members = members;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** The generic answer for anything that is not a KmsError: the cause goes to the log, never to the client. */
export function internalError(): KmsError {
  return new KmsError('KMSInternalException', 'The request could not be completed due to an internal error.');
}

/** Serialises an error as AWS JSON 1.1 does: `{"__type": code, "message": text}`, message omitted when AWS omits it. */
export function errorBody(err: KmsError): string {
  if (err.members !== undefined) return JSON.stringify({ __type: err.code, message: err.clientMessage, ...err.members });
  return err.clientMessage === undefined
    ? JSON.stringify({ __type: err.code })
    : JSON.stringify({ __type: err.code, message: err.clientMessage });
}
