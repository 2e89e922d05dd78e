// The audit record of one served request: the record's fields, the facts its CloudTrail event is rebuilt from (user
// agent, identity, requestParameters, responseElements, error message; sensitive values HMAC'd), appended durably and
// handed to the export sinks. What the dispatcher learns back: written, refused by a required sink, or failed. Once
// written, the request is shown to the anomaly detectors (src/anomaly): in memory, after the outcome is known.
import { AuditSinkUnavailableError } from '../audit/export/audit-exporter.js';
import type { Observation } from '../anomaly/observation.js';
import type { AuditHasher } from '../audit/events/audit-hasher.js';
import { eventFacts } from '../audit/events/event-facts.js';
import type { KmsService } from '../core/service.js';
import { storeFault, type StoreFault } from '../store/store-faults.js';
import type { Logger } from './log.js';
import type { AuditDraft, AwsRequest } from './request.js';

/** Written; refused by a required export sink; or not durable (with the store fault, when one is recognised). */
export type RecordOutcome = 'written' | AuditSinkUnavailableError | { failed: StoreFault | undefined };

/** The first User-Agent header of the raw headers (names are case-insensitive). */
function userAgent(rawHeaders: readonly string[]): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 10 && name.toLowerCase() === 'user-agent') return rawHeaders[i + 1];
  }
  return undefined;
}

export interface RequestError {
  code: string;
  message: string;
}

/** The names of a request's EncryptionContext (the detectors never see values). */
function contextKeys(input: Record<string, unknown> | undefined): string[] | undefined {
  const ec = input?.EncryptionContext;
  return typeof ec === 'object' && ec !== null ? Object.keys(ec) : undefined;
}

export class RequestAudit {
  constructor(
    private readonly service: KmsService, private readonly hasher: AuditHasher, private readonly log: Logger,
    /** The anomaly detector's observer (absent with --anomaly-detection off). */
    private readonly observe?: ((o: Observation) => void) | undefined,
  ) {}

  async record(req: Pick<AwsRequest, 'sourceAddress' | 'rawHeaders'>, requestId: string, audit: AuditDraft, error: RequestError | undefined): Promise<RecordOutcome> {
    const ctx = audit.context;
    const details = ctx?.details ?? audit.details ?? {};
    details.event = eventFacts({
      operation: audit.operation, principal: audit.principal, userAgent: userAgent(req.rawHeaders),
      input: audit.input, output: audit.output, errorMessage: error?.message, region: audit.region,
    }, this.hasher);
    const time = this.service.now();
    try {
      await this.service.deps.audit.append({
        time, requestId, principal: audit.principal.arn, accessKeyId: audit.principal.accessKeyId,
        sourceAddress: req.sourceAddress, operation: audit.operation, keyArn: ctx?.keyArn, keyVersion: ctx?.keyVersion,
        outcome: error ? 'failure' : 'success', errorCode: error?.code, details: JSON.stringify(details),
      });
    } catch (err) {
      if (err instanceof AuditSinkUnavailableError) return err;
      this.log.error('audit write failed; refusing the request (fail closed)', { requestId, error: String(err) });
      return { failed: storeFault(err) };
    }
    if (this.observe) this.observed(time, req.sourceAddress, audit, error?.code, requestId);
    return 'written';
  }

  /** Shows the answered request to the detectors; a detector fault is logged, never the request's failure. */
  private observed(time: number, source: string, audit: AuditDraft, errorCode: string | undefined, requestId: string): void {
    try {
      this.observe!({
        time, operation: audit.operation, principal: audit.principal.arn, source, keyArn: audit.context?.keyArn, errorCode,
        contextKeys: contextKeys(audit.input),
      });
    } catch (err) {
      this.log.error('anomaly detection failed on a request', { requestId, error: String(err) });
    }
  }
}
