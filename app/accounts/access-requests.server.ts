// Access requests: asking (access-request-apply), the queue (access-request-queue), answering
// (access-request-decide) and their refusals (access-request-errors). Importers use this module.

export { ANSWER_PROMISE_HOURS } from "./promise";
export { AccessRequestError, type AccessRequestErrorCode } from "./access-request-errors";
export {
  VERIFY_TOKEN_SECONDS,
  requestAccess,
  verifyApplicantEmail,
  type AccessRequestInput,
} from "./access-request-apply.server";
export { listPendingRequests, listPendingRequestsAfter, type PendingRequest } from "./access-request-queue.server";
export { approveRequest, rejectRequest, type ApprovalInput } from "./access-request-decide.server";
