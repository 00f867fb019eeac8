export { issueCode, type IssueRequest, type IssueResult } from './issue';
export { NOT_FOUND_MESSAGE, refusalMessage } from './messages';
export { confirmCode, type ConfirmRequest, type ConfirmResult } from './confirm';
export { computeStatus, type VerificationStatus } from './status';
export type { EngineDeps } from './deps';
export { cancelPendingCode, type CancelResult } from './cancel';
