/**
 * The load runs every section shares: autocannon against one target, and the captured requests
 * replayed with other fields, each from its own client address.
 */
import autocannon from 'autocannon';
import { withFields, type CapturedRequest } from './capture';
import { holder } from './setup';

export const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

export interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

export interface LoadRequest {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Each request of a run asks for its own: a new triple, a new client address. */
export type RequestSource = () => LoadRequest;

/** autocannon's options that send `request()`'s answer as each request. */
export const sending = (request: RequestSource) => ({
  requests: [{ setupRequest: (req: object) => ({ ...req, ...request() }) }],
});

export async function load(
  target: string,
  connections: number,
  request?: RequestSource,
  duration = DURATION,
): Promise<RunResult> {
  const result = await autocannon({
    url: target,
    connections,
    duration,
    ...(request ? sending(request) : {}),
  });
  return {
    // Requests over the run's own duration (autocannon's average is of whole seconds).
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // A redirect (an action may answer one) is not an error.
    errors: result.errors + result.timeouts + result.non2xx - (result['3xx'] ?? 0),
    total: result.requests.total,
  };
}

let clientSerial = 0;
const clientAddress = () => {
  clientSerial += 1;
  return `10.${(clientSerial >> 16) & 255}.${(clientSerial >> 8) & 255}.${clientSerial & 255}`;
};

/**
 * A captured request of the page as autocannon sends it: other fields, its own client address,
 * and (for another instance than the one it was captured from) that instance's Origin, as a page
 * served by it would send.
 */
export const replay = (
  request: CapturedRequest,
  fields: Record<string, string>,
  appUrl?: string,
): LoadRequest => {
  const r = withFields(request, fields);
  return {
    method: 'POST',
    path: r.path,
    headers: {
      ...r.headers,
      ...(appUrl ? { origin: new URL(appUrl).origin } : {}),
      'x-real-ip': clientAddress(),
    },
    body: r.body,
  };
};

/** Holders handed out in order, each used once per kind of request. */
export function pool(range: { first: number; count: number }) {
  let next = range.first;
  return () => {
    if (next >= range.first + range.count)
      throw new Error('the bench ran out of holders: raise the pool');
    return holder(next++);
  };
}
