export { issueCode, type IssueRequest, type IssueResult } from './issue';
export { NOT_FOUND_MESSAGE, refusalMessage } from './messages';
export { confirmCode, type ConfirmRequest } from './confirm';
export { computeStatus } from './status';
export type { EngineDeps } from './deps';
export { cancelPendingCode } from './cancel';
