import crypto from 'node:crypto';
import type { Db } from '@/db/client';
import { addOutboxMessage } from '@/db/queries/outbox';
import { logger } from '../server/logger';
import { maskMobile } from '../values/phone';
import type { SmsTransport } from './transport';

/** Development transport: no real SMS; the message goes to the outbox read by /dev/sms. */
export function createLogTransport(db: Db): SmsTransport {
  return {
    name: 'log',
    // A send cancelled by the deadline never reaches a transport (lib/verification/issue.ts).
    async send({ to, body }) {
      await addOutboxMessage(db, { toMobile: to, body });
      // The body holds the code, so the log line names only the masked number.
      logger.info(
        { to: maskMobile(to), transport: 'log' },
        'SMS written to the development outbox (/dev/sms)',
      );
      return { ok: true, messageId: `log-${crypto.randomUUID()}` };
    },
  };
}
