import { settleStaleSending } from '@/db/queries/verification';
import { getDatabase } from '@/db';
import { describeDatabaseError, prepareDatabase } from '@/db/migrate';
import { assertProductionSettings, ConfigError, smsTransport } from '../env';
import { logger } from './logger';
import { getServerSecret } from './secret';

/** Runs once when the server starts: migrations, demo data, secret, transport warning. */
export async function startServer(): Promise<void> {
  try {
    assertProductionSettings();
    getServerSecret();
    const handle = await getDatabase();
    const { seeded } = await prepareDatabase(handle);
    // An attempt never stays 'sending' for good: what a crash left between publish and record
    // (well past any action's deadline) is settled as sent.
    const settled = await settleStaleSending(handle.db, {
      before: new Date(Date.now() - 10 * 60_000),
    });
    logger.info({ database: handle.kind, seeded, settled }, 'database ready');
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : describeDatabaseError(error);
    console.error(`[startup] ${message}`);
    process.exit(1);
  }
  if (smsTransport === 'log') {
    logger.warn('SMS_TRANSPORT=log: no real SMS is sent; codes are readable at /dev/sms');
  }
}
