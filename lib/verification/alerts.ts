import { claimNumberChangeAlerts, recordAlertOutcome } from '@/db/queries/verification';
import { env } from '../env';
import { isLocale } from '../i18n/locales';
import { dayStart } from '../domain/limits';
import { maskMobile } from '../values/phone';
import { buildNumberChangeAlert } from '../sms/message';
import type { SmsResult, SmsTransport } from '../sms/transport';
import { clock, logOf, type EngineDeps } from './deps';

/** What sending a number-change alert needs: the engine's own transport, clock and observer. */
export type AlertDeps = Pick<EngineDeps, 'db' | 'sms' | 'now' | 'log' | 'observe' | 'alertContact'>;

/** An alert still 'pending' this long after its change was left by a crash: the next dispatch sends it. */
export const STALE_ALERT_MS = 60_000;
/** At most this many alerts per dispatch (its own, usually one, and any stale ones). */
const ALERTS_PER_DISPATCH = 5;

/**
 * Sends the number-change alerts of a change that has committed (rule 22): each is claimed once
 * ('pending' → 'sending'), published through the same transport as codes, and its outcome
 * recorded; a failure is recorded and counted, never retried (no retry storm) and never undoes
 * the change: this function does not throw. Alerts a crash left unclaimed ride along.
 */
export async function sendNumberChangeAlerts(deps: AlertDeps, alertIds: string[]): Promise<void> {
  if (alertIds.length === 0) return;
  const log = logOf(deps);
  const now = clock(deps);
  let claimed;
  try {
    claimed = await claimNumberChangeAlerts(deps.db, {
      ids: alertIds,
      now,
      staleBefore: new Date(now.getTime() - STALE_ALERT_MS),
      max: Math.max(alertIds.length, ALERTS_PER_DISPATCH),
      dayStart: dayStart(now),
    });
  } catch (error) {
    // Unclaimed, the alert stays 'pending' and the next dispatch picks it up.
    log.error({ err: error, alerts: alertIds.length }, 'number-change alert not claimed');
    return;
  }
  for (const alert of claimed) {
    const body = buildNumberChangeAlert({
      passNumber: alert.passNumber,
      company: alert.companyName,
      at: alert.createdAt,
      contact: deps.alertContact ?? env.NUMBER_CHANGE_CONTACT,
      locale: isLocale(alert.locale) ? alert.locale : 'zh-TW',
    });
    const started = performance.now();
    const sent = await publish(deps.sms, { to: alert.toMobile, body });
    const seconds = (performance.now() - started) / 1000;
    deps.observe?.(
      sent.ok
        ? { type: 'alert', outcome: 'sent', seconds }
        : { type: 'alert', outcome: 'send-failed', kind: sent.kind, seconds },
    );
    const line = { alertId: alert.id, to: maskMobile(alert.toMobile), cause: alert.cause };
    try {
      await recordAlertOutcome(
        deps.db,
        sent.ok
          ? { alertId: alert.id, now: clock(deps), sent: true, providerMessageId: sent.messageId }
          : {
              alertId: alert.id,
              now: clock(deps),
              sent: false,
              error: `${sent.kind}: ${sent.detail}`,
            },
      );
    } catch (error) {
      // Left 'sending': never sent again (at most one SMS), and the audit shows it unresolved.
      log.error({ ...line, err: error }, 'number-change alert outcome not recorded');
    }
    if (sent.ok) log.info(line, 'number-change alert sent');
    else log.warn({ ...line, kind: sent.kind }, 'number-change alert not sent');
  }
}

/** A transport that throws (the log outbox's database) counts as a failed send, not a crash. */
async function publish(
  sms: SmsTransport,
  message: { to: string; body: string },
): Promise<SmsResult> {
  try {
    return await sms.send(message);
  } catch (error) {
    return { ok: false, kind: 'unavailable', detail: String((error as Error)?.name ?? 'Error') };
  }
}
