import http from 'node:http';
import { SNSClient } from '@aws-sdk/client-sns';
import { createSnsTransport } from '@/lib/sms/sns';
import type { AddressInfo } from 'node:net';

export type StubMode = 'ok' | 'throttle-once' | 'throttle' | 'reject' | 'fail' | 'hang';

export interface SnsStub {
  endpoint: string;
  mode: StubMode;
  requests: Array<Record<string, string>>;
  /** Publishes answered to the end: the provider took them (a client that hung up took none). */
  completed: number;
  /** Waits this long before answering, as a slow provider does. */
  delayMs: number;
  /** Runs when a publish arrives, before it is answered. */
  onPublish?: (params: Record<string, string>) => Promise<void>;
  /** Back to answering every publish at once, with nothing recorded: each test's start. */
  reset(): void;
  close(): Promise<void>;
}

const xml = (body: string) => `<?xml version="1.0"?>\n${body}`;
const error = (type: string, code: string, message: string) =>
  xml(
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stub</RequestId></ErrorResponse>`,
  );

/** A local server that speaks SNS's awsQuery protocol to the real SDK client. */
export async function startSnsStub(): Promise<SnsStub> {
  let throttled = 0;
  const stub: SnsStub = {
    endpoint: '',
    mode: 'ok',
    requests: [],
    completed: 0,
    delayMs: 0,
    reset() {
      Object.assign(stub, { mode: 'ok', completed: 0, delayMs: 0, onPublish: undefined });
      stub.requests.length = 0;
      throttled = 0;
    },
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      stub.requests.push(params);
      await stub.onPublish?.(params);
      if (stub.delayMs) await new Promise((r) => setTimeout(r, stub.delayMs));
      const reply = (status: number, text: string) => {
        if (res.destroyed || req.socket.destroyed) return; // the client hung up: nothing taken
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(text, () => {
          if (status === 200) stub.completed += 1;
        });
      };
      const mode = stub.mode;
      if (mode === 'hang') return; // never answers
      if (mode === 'throttle' || (mode === 'throttle-once' && throttled++ === 0)) {
        return reply(400, error('Sender', 'Throttling', 'Rate exceeded'));
      }
      if (mode === 'reject')
        return reply(400, error('Sender', 'InvalidParameter', 'Invalid parameter: PhoneNumber'));
      if (mode === 'fail') return reply(500, error('Receiver', 'InternalError', 'stub failure'));
      reply(
        200,
        xml(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>msg-${stub.requests.length}</MessageId></PublishResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></PublishResponse>`,
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

/** The real SNS transport and SDK client, speaking to the stub. */
export function stubTransport(
  stub: SnsStub,
  { timeoutMs = 3000, maxAttempts = 3 }: { timeoutMs?: number; maxAttempts?: number } = {},
) {
  return createSnsTransport({
    timeoutMs,
    client: new SNSClient({
      endpoint: stub.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts,
      retryMode: 'standard',
    }),
  });
}
