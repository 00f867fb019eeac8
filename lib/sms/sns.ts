import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { toE164 } from '../values/phone';
import type { SmsFailureKind, SmsResult, SmsTransport } from './transport';

export interface SnsTransportOptions {
  /** Overall time for one send including the SDK's retries. */
  timeoutMs: number;
  /** For tests; otherwise region, credentials and endpoint come from the standard AWS variables. */
  client?: SNSClient;
}

/** Amazon SNS direct-to-phone SMS. The SDK retries throttling and 5xx (3 attempts). */
export function createSnsTransport(options: SnsTransportOptions): SmsTransport {
  const client =
    options.client ??
    new SNSClient({
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3000, requestTimeout: options.timeoutMs },
    });
  return {
    name: 'sns',
    async send({ to, body, signal }): Promise<SmsResult> {
      try {
        const out = await client.send(
          new PublishCommand({
            PhoneNumber: toE164(to),
            Message: body,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            },
          }),
          {
            abortSignal: signal
              ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), signal])
              : AbortSignal.timeout(options.timeoutMs),
          },
        );
        return { ok: true, messageId: out.MessageId ?? 'unknown' };
      } catch (error) {
        return { ok: false, kind: classifySnsError(error), detail: describe(error) };
      }
    },
  };
}

export function classifySnsError(error: unknown): SmsFailureKind {
  const e = error as {
    name?: string;
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e?.$metadata?.httpStatusCode;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'ETIMEDOUT')
    return 'timeout';
  if (/thrott/i.test(e?.name ?? '') || status === 429) return 'throttled';
  if (e?.$fault === 'server' || (status !== undefined && status >= 500)) return 'unavailable';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN'].includes(e?.code ?? ''))
    return 'unavailable';
  if (status === undefined && e?.$fault === undefined) return 'unavailable';
  return 'rejected';
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? ''}`.slice(0, 300);
}
