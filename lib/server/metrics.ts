import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '@/db/client';
import { countDatabaseConnections } from '@/db/queries/health';
import type { EngineEvent } from '../verification/deps';

// Prometheus metrics, in process: counting never touches the database. One registry per process,
// kept on globalThis so that every bundle of the app (actions, routes) counts into the same one.

function build() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    requested: new Counter({
      name: 'verification_codes_requested_total',
      help: 'Code requests (取得驗證碼) with valid input, by channel',
      labelNames: ['channel'],
      registers,
    }),
    sent: new Counter({
      name: 'verification_sms_sent_total',
      help: 'Verification SMS accepted by the provider, by channel',
      labelNames: ['channel'],
      registers,
    }),
    failed: new Counter({
      name: 'verification_sms_failed_total',
      help: 'Verification SMS the provider did not take, by failure kind',
      labelNames: ['kind'],
      registers,
    }),
    confirmed: new Counter({
      name: 'verification_codes_confirmed_total',
      help: 'Code confirmations (送出驗證碼), by outcome',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    refused: new Counter({
      name: 'verification_refusals_total',
      help: 'Code requests refused by an abuse limit or the 24-hour window, by limit',
      labelNames: ['limit'],
      registers,
    }),
    alerts: new Counter({
      name: 'number_change_alerts_total',
      help: 'SMS telling a replaced verified number, by outcome (sent, send-failed) and failure kind',
      labelNames: ['outcome', 'kind'],
      registers,
    }),
    sendSeconds: new Histogram({
      name: 'sms_send_duration_seconds',
      help: 'Time to hand one SMS to the provider (Amazon SNS, or the log outbox), retries included',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
      registers,
    }),
    poolMax: new Gauge({
      name: 'db_pool_max_connections',
      help: "This instance's database pool size",
      registers,
    }),
    connections: new Gauge({
      name: 'db_connections',
      help: 'Connections to the database by state (all instances), read when scraped',
      labelNames: ['state'],
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof build>;
const holder = globalThis as unknown as { __metrics?: Metrics };
export const metrics = (): Metrics => (holder.__metrics ??= build());

/** The engine's observer: each event counted in process. */
export function observeEngine(event: EngineEvent): void {
  const m = metrics();
  switch (event.type) {
    case 'requested':
      m.requested.inc({ channel: event.channel });
      return;
    case 'refused':
      m.refused.inc({ limit: event.limit });
      return;
    case 'sent':
      m.sent.inc({ channel: event.channel });
      m.sendSeconds.observe({ outcome: 'sent' }, event.seconds);
      return;
    case 'send-failed':
      m.failed.inc({ kind: event.kind });
      m.sendSeconds.observe({ outcome: 'failed' }, event.seconds);
      return;
    case 'confirmed':
      m.confirmed.inc({ channel: event.channel, outcome: event.outcome });
      return;
    case 'alert':
      m.alerts.inc({ outcome: event.outcome, kind: event.outcome === 'sent' ? '' : event.kind });
      m.sendSeconds.observe(
        { outcome: event.outcome === 'sent' ? 'sent' : 'failed' },
        event.seconds,
      );
      return;
  }
}

/** The text exposition, with the database's connections read now. */
export async function renderMetrics(input: { db: Db; kind: string; poolMax: number }) {
  const m = metrics();
  m.poolMax.set(input.poolMax);
  m.connections.reset();
  if (input.kind === 'postgres') {
    for (const { state, n } of await countDatabaseConnections(input.db))
      m.connections.set({ state }, n);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
