export { issueCode, type IssueRequest, type IssueResult } from './issue';
export { describeRefusal, NOT_FOUND_MESSAGE } from './messages';
export { confirmCode, type ConfirmRequest, type ConfirmResult } from './confirm';
export { computeStatus, STATUS_LABEL, type VerificationStatus } from './status';
export type { VerificationDeps } from './deps';
export { cancelPendingCode, type CancelResult } from './cancel';
