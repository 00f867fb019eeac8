/** Why a provider refused or failed: recorded on the attempt, shown to the user as "try later". */
export type SmsFailureKind = 'throttled' | 'rejected' | 'unavailable' | 'timeout';

export type SmsResult =
  { ok: true; messageId: string } | { ok: false; kind: SmsFailureKind; detail: string };

export interface SmsMessage {
  /** Canonical Taiwan mobile, 09XXXXXXXX. */
  to: string;
  body: string;
  /** Aborts the send (the action's deadline): an aborted send is not sent. */
  signal?: AbortSignal;
}

export interface SmsTransport {
  readonly name: 'log' | 'sns';
  send(message: SmsMessage): Promise<SmsResult>;
}
