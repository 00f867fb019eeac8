import pino from 'pino';
import { env } from '../env';

/** Structured JSON logs. Callers mask phone and identity numbers; codes and passwords never reach here. */
export const logger = pino({
  level: env.NODE_ENV === 'test' ? 'silent' : env.LOG_LEVEL,
  base: { service: 'port-pass-verify' },
  redact: { paths: ['password', '*.password', 'code', '*.code', 'secret'], censor: '[redacted]' },
});
