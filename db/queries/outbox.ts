import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { smsOutbox } from '../schema';

export async function addOutboxMessage(db: Executor, input: { toMobile: string; body: string }) {
  await db.insert(smsOutbox).values(input);
}

/** The newest 50, optionally for one number. */
export async function listOutboxMessages(db: Executor, input: { toMobile?: string }) {
  return db
    .select()
    .from(smsOutbox)
    .where(input.toMobile ? eq(smsOutbox.toMobile, input.toMobile) : undefined)
    .orderBy(desc(smsOutbox.id))
    .limit(50);
}
