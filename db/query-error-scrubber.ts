import { DrizzleQueryError } from 'drizzle-orm/errors';

// The one patch of a library's prototype in the service, named and in one place:
// tests/integration/query-error-scrubber.test.ts fails if Drizzle's internals it relies on move.

/**
 * A failed query, without its SQL parameters or the server's detail line: Drizzle's own error
 * message lists every bound value (identity numbers, mobiles), and Next prints uncaught errors
 * of pages whole. Only the SQLSTATE (or the driver's code) survives, for logs and classification.
 */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(
    readonly code: string | undefined,
    readonly errors?: string[],
  ) {
    super(`database query failed${code ? ` (${code})` : ''}`);
  }
}

function toDatabaseError(error: unknown): unknown {
  if (!(error instanceof DrizzleQueryError)) return error;
  const cause = error.cause as { code?: unknown; errors?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const errors = Array.isArray(cause?.errors)
    ? cause.errors.map((e: { code?: string }) => String(e?.code ?? 'error'))
    : undefined;
  return new DatabaseError(code, errors);
}

/**
 * Every query of both drivers runs through PgPreparedQuery.queryWithCache: one place to scrub.
 * Drizzle offers no hook for its errors, so the method is wrapped, once.
 */
export function scrubQueryErrors(proto: {
  queryWithCache: (...args: never[]) => Promise<unknown>;
}) {
  const marked = proto as typeof proto & { __scrubbed?: true };
  if (marked.__scrubbed) return;
  const original = proto.queryWithCache;
  proto.queryWithCache = async function (this: unknown, ...args: never[]) {
    try {
      return await original.apply(this, args);
    } catch (error) {
      throw toDatabaseError(error);
    }
  };
  marked.__scrubbed = true;
}
