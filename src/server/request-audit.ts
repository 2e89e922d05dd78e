// The audit record of one served request: the record's fields, the facts its CloudTrail event is rebuilt from (user
// agent, identity, requestParameters, responseElements, error message; sensitive values HMAC'd), appended durably and
// handed to the export sinks. What the dispatcher learns back: written, refused by a required sink, or failed.
import { AuditSinkUnavailableError } from '../audit/export/audit-exporter.js';
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

export class RequestAudit {
  constructor(private readonly service: KmsService, private readonly hasher: AuditHasher, private readonly log: Logger) {}

  async record(req: Pick<AwsRequest, 'sourceAddress' | 'rawHeaders'>, requestId: string, audit: AuditDraft, error: RequestError | undefined): Promise<RecordOutcome> {
    const ctx = audit.context;
    const details = ctx?.details ?? audit.details ?? {};
    details.event = eventFacts({
      operation: audit.operation, principal: audit.principal, userAgent: userAgent(req.rawHeaders),
      input: audit.input, output: audit.output, errorMessage: error?.message, region: audit.region,
    }, this.hasher);
    try {
      await this.service.deps.audit.append({
        time: this.service.now(), requestId, principal: audit.principal.arn, accessKeyId: audit.principal.accessKeyId,
        sourceAddress: req.sourceAddress, operation: audit.operation, keyArn: ctx?.keyArn, keyVersion: ctx?.keyVersion,
        outcome: error ? 'failure' : 'success', errorCode: error?.code, details: JSON.stringify(details),
      });
      return 'written';
    } catch (err) {
      if (err instanceof AuditSinkUnavailableError) return err;
      this.log.error('audit write failed; refusing the request (fail closed)', { requestId, error: String(err) });
      return { failed: storeFault(err) };
    }
  }
}
