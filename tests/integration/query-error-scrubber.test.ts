/**
 * db/query-error-scrubber.ts wraps one Drizzle method so that a failed query's error carries no
 * bound value (identity numbers, mobiles) into logs or an error page (review finding 8).
 */
import { inspect } from 'node:util';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError, type DatabaseHandle } from '@/db/client';
import { persons } from '@/db/schema';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
beforeAll(async () => {
  ({ handle: h, companyA: a } = await freshDemoPostgres());
});
afterAll(() => h?.close());

describe('a failing query logs no personal data', () => {
  it("Drizzle still runs every query through the method the scrubber wraps (fails if Drizzle's internals move)", () => {
    const proto = PgPreparedQuery.prototype as unknown as Record<string, unknown>;
    expect(typeof proto.queryWithCache).toBe('function');
    expect(proto.__scrubbed).toBe(true);
  });

  it('the error of a failed query carries neither its parameters nor the server’s detail line', async () => {
    const error = await h.db
      .insert(persons)
      .values({ identityNumber: 'A123000410', name: '林建宏', mobile: '0912000041', companyId: a })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('23505');
    const printed = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;
    expect(printed).not.toContain('A123000410');
    expect(printed).not.toContain('0912000041');
  });
});
