import 'server-only';
import { and, asc, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Executor } from '../client';
import { escapeLike } from './like';
import { COUNT_CAP, keysetPage, readsBackwards, type PageAt } from './page';
import { livePersonOfPass, maintainedBy, ownedBy, passNamed } from './scope';
import {
  accounts,
  companies,
  passes,
  passStatusSql,
  persons,
  verificationAttempts,
} from '../schema';
import type { VerificationStatus } from '@/lib/verification/status';

export type PassTab = 'owned' | 'maintained';
export type PassSort = 'passNumber' | 'validUntil' | 'name';

export interface PassFilters {
  passNumber?: string;
  identityNumber?: string;
  name?: string;
  status?: VerificationStatus;
}

/** 是否驗證 of each pass, computed from its row (rule 7; db/schema.ts). */
export const statusSql = passStatusSql(passes);

/** A page boundary: the sort column's value and the pass number of the row there. */
export interface PassCursor {
  value: string;
  passNumber: string;
}

export { COUNT_CAP, type PageAt };

/**
 * The list's filters, each served by an index (db/schema.ts, `0004_lists_at_scale.sql`). In 所屬 lists the
 * substring filters add a GIN condition: the index finds the company's rows holding every trigram
 * (通行證號) or every character pair (姓名; the character itself for a one-character search), and
 * ILIKE checks the order. 非所屬 lists are small: ILIKE alone.
 */
function passFilterConditions(filters: PassFilters, tab: PassTab) {
  const { passNumber, identityNumber, name, status } = filters;
  const grams = tab === 'owned';
  return [
    passNumber
      ? and(
          grams && passNumber.length >= 3
            ? sql`grams(${passes.passNumber}, 3) @> grams(${passNumber}::text, 3)`
            : undefined,
          ilike(passes.passNumber, `%${escapeLike(passNumber)}%`),
        )
      : undefined,
    // 身分證號 is stored and searched in upper case: a prefix, as the range [prefix, next prefix)
    // of the company's identity index (pattern operators: byte order whatever the collation), so
    // that a prepared statement's generic plan still uses it.
    identityNumber
      ? sql`${passes.holderIdentityNumber} ~>=~ ${identityNumber}::text and ${passes.holderIdentityNumber} ~<~ ${nextPrefix(identityNumber)}::text`
      : undefined,
    name
      ? and(
          grams
            ? sql`(grams(${passes.holderName}, 1) || grams(${passes.holderName}, 2)) @> grams(${name}::text, least(char_length(${name}::text), 2))`
            : undefined,
          ilike(passes.holderName, `%${escapeLike(name)}%`),
        )
      : undefined,
    status ? sql`${statusSql} = ${status}` : undefined,
  ];
}

/**
 * Runs a list query planned for its own values: a search term or a 身分證號 prefix matching 8 or
 * 80,000 passes wants different plans, and a prepared statement's generic plan would pick one for
 * all (seen: a one-letter prefix scanning a company's 200,000 passes through the identity index).
 * The setting ends with the transaction, so it holds behind PgBouncer too.
 */
function plannedPerCall<T>(db: Executor, run: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    return run(tx);
  });
}

/** The smallest string after every string starting with `prefix` (ASCII: 身分證號 is [A-Z0-9]). */
const nextPrefix = (prefix: string) =>
  prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

function tabCondition(companyId: number, tab: PassTab): SQL {
  return (tab === 'owned' ? ownedBy(companyId) : maintainedBy(companyId))!;
}

/** The tab's passes under the filters (and `extra`). */
function tabPasses<T extends SelectedFields>(
  db: Executor,
  fields: T,
  input: { companyId: number; tab: PassTab; filters: PassFilters },
  extra?: SQL,
) {
  return db
    .select(fields)
    .from(passes)
    .where(
      and(
        tabCondition(input.companyId, input.tab),
        ...passFilterConditions(input.filters, input.tab),
        extra,
      ),
    );
}

/**
 * How many passes of the tab are 已驗證, 未驗證 and 待驗證 under the text filters, scoped like the
 * list. One scan of at most COUNT_CAP + 1 rows counts all three when the list is no longer than
 * that; a longer one is counted per status, each count stopping at COUNT_CAP + 1 rows (read
 * "more than COUNT_CAP"), so a company holding 200,000 passes costs what one holding 10,000 does.
 */
export async function countPassesByStatus(
  db: Executor,
  input: { companyId: number; tab: PassTab; filters: PassFilters },
): Promise<Record<VerificationStatus, number>> {
  return plannedPerCall(db, async (tx) => {
    const { passNumber, identityNumber, name } = input.filters;
    // Without a text filter a company's counts come from the status index alone (below).
    const filtered = Boolean(passNumber || identityNumber || name);
    const request = { ...input, filters: { ...input.filters, status: undefined } };
    const firstRows = tabPasses(tx, { status: statusSql.as('status') }, request)
      .limit(COUNT_CAP + 1)
      .as('first_rows');
    const countOf = (status: VerificationStatus) =>
      sql<number>`count(*) filter (where ${firstRows.status} = ${status})`.mapWith(Number);
    const [together] = !filtered
      ? []
      : await tx
          .select({
            verified: countOf('verified'),
            unverified: countOf('unverified'),
            pending: countOf('pending'),
          })
          .from(firstRows);
    const counts = together ?? { verified: 0, unverified: 0, pending: 0 };
    if (filtered && counts.verified + counts.unverified + counts.pending <= COUNT_CAP)
      return counts;
    const capped = (status: VerificationStatus) => {
      const rows = tabPasses(
        tx,
        { one: sql`1` },
        { ...input, filters: { ...input.filters, status } },
      )
        .limit(COUNT_CAP + 1)
        .as(`c_${status}`);
      return sql<number>`(select count(*) from ${rows})`.mapWith(Number);
    };
    const [each] = await tx
      .select({
        verified: capped('verified'),
        unverified: capped('unverified'),
        pending: capped('pending'),
      })
      .from(companies)
      .where(eq(companies.id, input.companyId));
    return each ?? counts;
  });
}

/**
 * One page of the list, by keyset: rows after or before a boundary in the chosen order (pass
 * number breaks ties), so a page costs the same at row 10 as at row 100,000 and no row is skipped
 * or repeated when passes arrive between pages. Every order is an index led by the company.
 */
export async function listPassesForCompany(
  db: Executor,
  input: {
    companyId: number;
    tab: PassTab;
    filters: PassFilters;
    sort: PassSort;
    desc: boolean;
    at: PageAt<PassCursor>;
    pageSize: number;
  },
) {
  const { at } = input;
  // Pages before a boundary, and the last page, are read backwards and turned round.
  const descending = input.desc !== readsBackwards(at);
  const column = {
    passNumber: passes.passNumber,
    validUntil: passes.validUntil,
    name: passes.holderName,
  }[input.sort];
  const cursor = 'after' in at ? at.after : 'before' in at ? at.before : null;
  const key =
    input.sort === 'passNumber'
      ? sql`${passes.passNumber}`
      : sql`(${column}, ${passes.passNumber})`;
  const cursorKey = !cursor
    ? undefined
    : input.sort === 'passNumber'
      ? sql`${cursor.passNumber}::text`
      : sql`(${cursor.value}::${sql.raw(input.sort === 'validUntil' ? 'date' : 'text')}, ${cursor.passNumber}::text)`;
  const limit = 'last' in at ? at.lastSize : input.pageSize;
  const direction = descending ? desc : asc;
  const fetched = await plannedPerCall(db, (tx) =>
    tabPasses(
      tx,
      {
        passNumber: passes.passNumber,
        identityNumber: passes.holderIdentityNumber,
        name: passes.holderName,
        validFrom: passes.validFrom,
        validUntil: passes.validUntil,
        status: statusSql,
        verifiedMobile: passes.verifiedMobile,
        personMobile: sql<
          string | null
        >`(select ${persons.mobile} from ${persons} where ${livePersonOfPass})`,
      },
      input,
      cursorKey
        ? descending
          ? sql`${key} < ${cursorKey}`
          : sql`${key} > ${cursorKey}`
        : undefined,
    )
      .orderBy(
        ...(input.sort === 'passNumber'
          ? [direction(passes.passNumber)]
          : [direction(column), direction(passes.passNumber)]),
      )
      .limit(limit + 1),
  );
  return keysetPage(at, fetched, limit);
}

/**
 * One pass by number with its holder's live record; with a company, only if the pass is in that
 * company's 所屬 or 非所屬 list (the pass page, a cancel), with none, any pass (the bench).
 */
export async function findPass(
  db: Executor,
  input: { passNumber: string; companyId: number | null },
) {
  const rows = await db
    .select({
      id: passes.id,
      passNumber: passes.passNumber,
      identityNumber: passes.holderIdentityNumber,
      name: passes.holderName,
      validFrom: passes.validFrom,
      validUntil: passes.validUntil,
      verifiedMobile: passes.verifiedMobile,
      verifiedAt: passes.verifiedAt,
      companyId: passes.companyId,
      personId: persons.id,
      personMobile: persons.mobile,
      personCompanyId: persons.companyId,
    })
    .from(passes)
    .leftJoin(persons, livePersonOfPass)
    .where(passNamed(input))
    .limit(1);
  return rows[0] ?? null;
}

/** The pass's verification history, newest first. */
export async function listAttemptsForPass(db: Executor, input: { passId: number }) {
  return db
    .select({
      id: verificationAttempts.id,
      sentAt: verificationAttempts.sentAt,
      mobile: verificationAttempts.mobile,
      channel: verificationAttempts.channel,
      login: accounts.login,
      state: verificationAttempts.state,
      failedTries: verificationAttempts.failedTries,
      cancelReason: verificationAttempts.cancelReason,
      providerError: verificationAttempts.providerError,
    })
    .from(verificationAttempts)
    .leftJoin(accounts, eq(accounts.id, verificationAttempts.accountId))
    .where(eq(verificationAttempts.passId, input.passId))
    .orderBy(desc(verificationAttempts.sentAt))
    .limit(50);
}
