// The approval expiry job: open requests (PENDING or APPROVED) past their expiry under the service clock (the test
// clock too) become EXPIRED, each audited as a system action (the ApprovalRequestExpired lifecycle event).
import { drainBatches, type ScheduledJob } from '../lifecycle/scheduler.js';
import { expireRequest } from './approval-requests.js';

export const approvalExpiryJob: ScheduledJob = {
  name: 'approval request expiry',
  run: (service) => drainBatches((limit) => service.store.approvals.dueExpiries(service.now(), limit), (r) => expireRequest(service, r)),
};
