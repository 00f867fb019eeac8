import 'server-only';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import {
  numberChangeAlerts,
  passes,
  persons,
  sendWindows,
  verificationAttempts,
  type AttemptState,
} from '../schema';
import { clientRateCte, type RateHit } from './limits';
import { companyDayBucket, companyDayBuckets, randomShard, rowsOf } from './buckets';
import { livePersonOfPass, passNamed } from './scope';

/** States in which a code can still be typed in. 'sending' counts: the SMS may be out already. */
export const PENDING_STATES: AttemptState[] = ['sending', 'sent'];
/** The same states as an SQL list, for the statements that test an attempt's state. */
const PENDING = sql.raw(`(${PENDING_STATES.map((state) => `'${state}'`).join(', ')})`);
/** States an applicant may cancel: pending, or locked by wrong guesses (frees the window). */
export const CANCELLABLE_STATES: AttemptState[] = [...PENDING_STATES, 'locked'];

/**
 * The newest attempt of a pass, locked for the rest of the transaction: two cancels of one code
 * queue behind each other. Confirms do not use it (one conditional update decides them).
 */
export async function lockLatestAttempt(db: Executor, input: { passId: number }) {
  const rows = await db
    .select()
    .from(verificationAttempts)
    .where(eq(verificationAttempts.passId, input.passId))
    .orderBy(desc(verificationAttempts.sentAt))
    .limit(1)
    .for('update');
  return rows[0] ?? null;
}

export async function updateAttempt(
  db: Executor,
  input: { attemptId: string; set: Partial<typeof verificationAttempts.$inferInsert> },
) {
  await db
    .update(verificationAttempts)
    .set(input.set)
    .where(eq(verificationAttempts.id, input.attemptId));
}

/** Frees the window a given attempt holds (cancellation). */
export async function releaseSendWindow(db: Executor, input: { attemptId: string; now: Date }) {
  await db
    .update(sendWindows)
    .set({ openUntil: input.now })
    .where(eq(sendWindows.attemptId, input.attemptId));
}

// ---------------------------------------------------------------- the engine's hot path
//
// Issue and confirm run as single statements (data-modifying CTEs), each its own implicit
// transaction: no transaction stays open while Node works, and no row is locked across round
// trips. Issue: reserve (1) + the transport + record (1); confirm: read (1) + resolve (1).

const iso = (d: Date) => d.toISOString();

/**
 * The pass, by number, with its holder's live person record, scoped to a company's 所屬 and 非所屬
 * lists when one is given (db/queries/scope.ts): the lookup the engine's statements start from.
 */
const passAndHolder = (db: Executor, input: { passNumber: string; companyId: number | null }) =>
  db
    .select({
      pass_id: sql<number>`${passes.id}`.as('pass_id'),
      pass_company_id: sql<number>`${passes.companyId}`.as('pass_company_id'),
      holder_identity_number: sql<string>`${passes.holderIdentityNumber}`.as(
        'holder_identity_number',
      ),
      valid_until: sql<string>`${passes.validUntil}`.as('valid_until'),
      person_mobile: sql<string | null>`${persons.mobile}`.as('person_mobile'),
      person_company_id: sql<number | null>`${persons.companyId}`.as('person_company_id'),
    })
    .from(passes)
    .leftJoin(persons, livePersonOfPass)
    .where(passNamed(input))
    .limit(1);

/** 'ok': the window was taken and the attempt inserted; anything else inserted nothing. */
export type IssueVerdict =
  | 'ok'
  | 'already-sent'
  | 'client-limit'
  | 'not-found'
  | 'no-person-record'
  | 'not-maintainer'
  | 'expired-pass'
  | 'pass-day-limit'
  | 'company-day-limit';

export interface ReserveIssueInput {
  channel: 'public' | 'applicant';
  passNumber: string;
  /** Public: the typed identity number and mobile, which must match the pass and its person record. */
  identityNumber: string | null;
  mobile: string | null;
  /** Applicant: 修改手機號碼 (null = 預設手機號碼), the acting company (scope and budget) and account. */
  changedMobile: string | null;
  companyId: number | null;
  accountId: number | null;
  /** Public: the request counted against its client's rate (lib/domain/limits.ts), found or not. */
  clientHit: RateHit | null;
  attemptId: string;
  codeHash: string;
  now: Date;
  expiresAt: Date;
  /** Today in Taiwan (YYYY-MM-DD) and the instant it began: "per day" is the local calendar day. */
  today: string;
  dayStart: Date;
  sendsPerPassDay: number;
  sendsPerCompanyDay: number;
  requesterIp: string | null;
  locale: string;
}

export interface IssueReservation {
  verdict: IssueVerdict;
  /** When the client's rate allows a request again (a client-limit refusal says it). */
  clientRetryAfter: Date | null;
  passId: number | null;
  validUntil: string | null;
  identityNumber: string | null;
  targetMobile: string | null;
}

/**
 * 取得驗證碼's reservation in one statement: counts the client's request (public), finds the pass
 * and its holder's record (scoped to the company for applicants), decides the channel's rules,
 * checks the per-pass budget (from the pass's attempts of today, by index) and the company's
 * (its COMPANY_DAY_SHARDS counter rows summed), takes the triple's 24-hour window with an upsert that only an expired
 * window yields to (manual 說明 2: concurrent requests queue on that one row, exactly one wins),
 * counts the send on one random shard of the company's budget and inserts the attempt.
 *
 * Budgets are read from the statement's snapshot, so concurrent sends can overshoot them by at
 * most the number of issue statements in flight at once (the connection pools' total size).
 */
export async function reserveIssue(
  db: Executor,
  input: ReserveIssueInput,
): Promise<IssueReservation> {
  const shard = randomShard();
  const isPublic = input.channel === 'public';
  const day = sql`${iso(input.dayStart)}::timestamptz`;
  const companyShards = companyDayBuckets(sql`target.budget_company_id`);
  const channelRule = isPublic
    ? sql`when target.holder_identity_number <> ${input.identityNumber}::text
               or target.person_mobile is distinct from ${input.mobile}::text then 'not-found'`
    : sql`when target.person_mobile is null then 'no-person-record'
          when target.target_mobile <> target.person_mobile
               and target.person_company_id <> ${input.companyId}::int then 'not-maintainer'`;
  const result = await db.execute(sql`
    with ${clientRateCte(input.clientHit, input.now)},
    pass_row as ${passAndHolder(db, input)},
    target as (
      select
        pass_row.*,
        ${isPublic ? sql`${input.mobile}::text` : sql`coalesce(${input.changedMobile}::text, pass_row.person_mobile)`} as target_mobile,
        coalesce(${input.companyId}::int, pass_row.pass_company_id) as budget_company_id
      from pass_row
    ),
    rule_verdict as (
      select target.*,
        case
          when coalesce((select refused from client_hit), false) then 'client-limit'
          when target.pass_id is null then 'not-found'
          ${channelRule}
          when target.valid_until < ${input.today}::date then 'expired-pass'
          when (
            select count(*)
            from verification_attempts va
            where va.pass_id = target.pass_id
              and va.sent_at >= ${day}
              and va.state <> 'send-failed'
          ) >= ${input.sendsPerPassDay}::int then 'pass-day-limit'
          when (
            select coalesce(sum(rc.hits), 0)
            from rate_counters rc
            where rc.window_start = ${day}
              and rc.bucket = any(${companyShards})
          ) >= ${input.sendsPerCompanyDay}::int then 'company-day-limit'
          else 'ok'
        end as verdict
      from (select 1) one
      left join target on true
    ),
    window_claim as (
      insert into send_windows as sw (pass_id, identity_number, mobile, attempt_id, open_until)
      select pass_id, holder_identity_number, target_mobile, ${input.attemptId}::uuid, ${iso(input.expiresAt)}::timestamptz
      from rule_verdict
      where verdict = 'ok'
      on conflict (pass_id, identity_number, mobile) do update
        set attempt_id = excluded.attempt_id, open_until = excluded.open_until
        where sw.open_until <= ${iso(input.now)}::timestamptz
      returning attempt_id
    ),
    company_send as (
      insert into rate_counters as rc (bucket, window_start, hits)
      select ${companyDayBucket(sql`budget_company_id`, shard)}, ${day}, 1
      from rule_verdict, window_claim
      on conflict (bucket, window_start) do update set hits = rc.hits + 1
    ),
    attempt as (
      insert into verification_attempts
        (id, pass_id, identity_number, mobile, channel, account_id, changed_mobile, code_hash,
         state, sent_at, expires_at, requester_ip, locale)
      select ${input.attemptId}::uuid, pass_id, holder_identity_number, target_mobile,
        ${input.channel}::attempt_channel, ${input.accountId}::int,
        target_mobile is distinct from person_mobile, ${input.codeHash}::text, 'sending',
        ${iso(input.now)}::timestamptz, ${iso(input.expiresAt)}::timestamptz,
        ${input.requesterIp}::text, ${input.locale}::text
      from rule_verdict, window_claim
      returning id
    )
    -- Every rule allowed it but the window did not yield: the triple's code is out already.
    select
      case
        when verdict = 'ok' and not exists (select 1 from attempt) then 'already-sent'
        else verdict
      end as verdict,
      pass_id,
      valid_until::text as valid_until,
      holder_identity_number,
      target_mobile,
      (select retry_after from client_hit) as client_retry_after
    from rule_verdict`);
  const [row] = rowsOf<{
    verdict: IssueVerdict;
    pass_id: number | null;
    valid_until: string | null;
    holder_identity_number: string | null;
    target_mobile: string | null;
    client_retry_after: string | Date | null;
  }>(result);
  return {
    verdict: row!.verdict,
    clientRetryAfter: row!.client_retry_after == null ? null : new Date(row!.client_retry_after),
    passId: row!.pass_id,
    validUntil: row!.valid_until,
    identityNumber: row!.holder_identity_number,
    targetMobile: row!.target_mobile,
  };
}

/** When a triple's current window closes (for the "already sent" answer; off the hot path). */
export async function findWindowEnd(
  db: Executor,
  input: { passId: number; identityNumber: string; mobile: string },
): Promise<{ openUntil: Date; attemptState: AttemptState | null } | null> {
  const rows = await db
    .select({ openUntil: sendWindows.openUntil, attemptState: verificationAttempts.state })
    .from(sendWindows)
    .leftJoin(verificationAttempts, eq(verificationAttempts.id, sendWindows.attemptId))
    .where(
      and(
        eq(sendWindows.passId, input.passId),
        eq(sendWindows.identityNumber, input.identityNumber),
        eq(sendWindows.mobile, input.mobile),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * After the provider took the SMS: the attempt is 'sent' and the pass's older pending codes are
 * superseded (a newer code replaces them) with their windows freed, in one statement.
 */
export async function recordSent(
  db: Executor,
  input: { attemptId: string; sentAt: Date; providerMessageId: string },
) {
  await db.execute(sql`
    with s as (
      update verification_attempts set state = 'sent', provider_message_id = ${input.providerMessageId}::text
      where id = ${input.attemptId}::uuid and state = 'sending'
      returning pass_id
    )
    , superseded as (
      update verification_attempts o set state = 'superseded', resolved_at = now()
      from s
      where o.pass_id = s.pass_id and o.id <> ${input.attemptId}::uuid and o.state in ${PENDING}
        and o.sent_at <= ${iso(input.sentAt)}::timestamptz
      returning o.id
    )
    -- A superseded code is dead: its triple's window must not keep the holder waiting a day.
    update send_windows set open_until = ${iso(input.sentAt)}::timestamptz where attempt_id in (select id from superseded)`);
}

/**
 * Attempts left 'sending' since before `before` (a crash, or a database gone, between the
 * publish and its record) become 'sent': the SMS may be out, so the code stays good and its window
 * taken, as a record that had landed would have left them. Run at start.
 */
export async function settleStaleSending(db: Executor, input: { before: Date }): Promise<number> {
  const settled = await db
    .update(verificationAttempts)
    .set({ state: 'sent' })
    .where(
      and(eq(verificationAttempts.state, 'sending'), lt(verificationAttempts.sentAt, input.before)),
    )
    .returning({ id: verificationAttempts.id });
  return settled.length;
}

/**
 * A provider refusal, in one statement. Only a code still 'sending' becomes 'send-failed' (a late
 * failure must not undo a verification, a cancellation or a supersession), and only then is its
 * window freed: a send the provider did not take does not use up the window (rule 2).
 */
export async function recordSendFailed(
  db: Executor,
  input: { attemptId: string; error: string; now: Date },
): Promise<void> {
  await db.execute(sql`
    with f as (
      update verification_attempts set state = 'send-failed', provider_error = ${input.error}::text, resolved_at = ${iso(input.now)}::timestamptz
      where id = ${input.attemptId}::uuid and state = 'sending'
      returning id
    ),
    w as (
      update send_windows set open_until = ${iso(input.now)}::timestamptz where attempt_id in (select id from f) returning attempt_id
    )
    select 1`);
}

export interface ConfirmTarget {
  /** Public: the client's rate refused the request, and when it allows one again. */
  clientRefused: boolean;
  clientRetryAfter: Date | null;
  passId: number | null;
  holderIdentityNumber: string | null;
  validUntil: string | null;
  personMobile: string | null;
  personCompanyId: number | null;
  attempt: {
    id: string;
    state: AttemptState;
    codeHash: string;
    failedTries: number;
    expiresAt: Date;
    mobile: string;
    changedMobile: boolean;
  } | null;
}

/**
 * 送出驗證碼's read, in one statement: counts the client's request (public), finds the pass and its
 * holder's record (scoped for applicants) and the newest attempt: of the typed triple on the
 * public channel (never a code an applicant sent to a changed number), of the pass for applicants.
 */
export async function readConfirmTarget(
  db: Executor,
  input: {
    passNumber: string;
    companyId: number | null;
    identityNumber: string | null;
    mobile: string | null;
    clientHit: RateHit | null;
    now: Date;
  },
): Promise<ConfirmTarget> {
  const isPublic = input.companyId === null;
  const result = await db.execute(sql`
    with ${clientRateCte(input.clientHit, input.now)},
    t as ${passAndHolder(db, input)}
    select coalesce((select refused from client_hit), false) as client_refused, (select retry_after from client_hit) as client_retry_after, t.pass_id, t.holder_identity_number, t.valid_until::text as valid_until,
      t.person_mobile, t.person_company_id,
      a.id as attempt_id, a.state::text as state, a.code_hash, a.failed_tries, a.expires_at, a.mobile, a.changed_mobile
    from (select 1) one
    left join t on true
    left join lateral (
      select * from verification_attempts va
      where va.pass_id = t.pass_id
        ${isPublic ? sql`and va.identity_number = ${input.identityNumber}::text and va.mobile = ${input.mobile}::text and not va.changed_mobile` : sql``}
      order by va.sent_at desc
      limit 1
    ) a on true`);
  const row = rowsOf<Record<string, unknown>>(result)[0]!;
  return {
    clientRefused: row.client_refused === true,
    clientRetryAfter:
      row.client_retry_after == null ? null : new Date(row.client_retry_after as string | Date),
    passId: (row.pass_id as number | null) ?? null,
    holderIdentityNumber: (row.holder_identity_number as string | null) ?? null,
    validUntil: (row.valid_until as string | null) ?? null,
    personMobile: (row.person_mobile as string | null) ?? null,
    personCompanyId: (row.person_company_id as number | null) ?? null,
    attempt: row.attempt_id
      ? {
          id: row.attempt_id as string,
          state: row.state as AttemptState,
          codeHash: row.code_hash as string,
          failedTries: Number(row.failed_tries),
          expiresAt: new Date(row.expires_at as string | Date),
          mobile: row.mobile as string,
          changedMobile: Boolean(row.changed_mobile),
        }
      : null,
  };
}

/**
 * The right code: the attempt becomes 'verified' only if it is still pending and unexpired (so of
 * concurrent confirms exactly one wins: the others re-check the row after the winner commits),
 * 已驗證手機號碼 is recorded (rule 8) and, for a changed number, the person record's mobile follows
 * (rule 5) where `companyId` maintains it; one statement. Null when the code was no longer pending.
 *
 * The same statement queues the number-change alert (rule 22): when the pass was verified to
 * another number, or the person record's number it replaces was verified on one of the holder's
 * passes, that old number is told, once per number. Being written with the verification, the
 * alert exists exactly when the verification does: a concurrent or repeated confirm that loses
 * the attempt's row queues nothing, and a crash after the commit leaves it for the next dispatch.
 */
export async function verifyAttempt(
  db: Executor,
  input: {
    attemptId: string;
    now: Date;
    companyId: number | null;
    /** The audit row's details (masked) if the person record's mobile changes: same statement. */
    personAudit?: Record<string, unknown>;
  },
): Promise<{ mobile: string; personUpdated: boolean; alertIds: string[] } | null> {
  const now = iso(input.now);
  const result = await db.execute(sql`
    with v as (
      update verification_attempts set state = 'verified', resolved_at = ${now}::timestamptz
      where id = ${input.attemptId}::uuid and state in ${PENDING} and expires_at > ${now}::timestamptz
      returning pass_id, identity_number, mobile, changed_mobile, account_id, channel
    ),
    -- The pass and the record as they are before this statement changes them, locked: if another
    -- verification of the pass commits first, this one reads the number that one left (and tells
    -- it), not its own snapshot's, so no number is told twice and none is skipped.
    bp as (
      select passes.id, passes.verified_mobile, passes.company_id
      from passes, v where passes.id = v.pass_id
      for update of passes
    ),
    bpe as (
      select persons.id, persons.mobile
      from persons, v
      where v.changed_mobile and persons.identity_number = v.identity_number
        and persons.company_id = ${input.companyId}::int and persons.deleted_at is null
      for update of persons
    ),
    p as (
      update passes set verified_mobile = v.mobile, verified_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      from v, bp where passes.id = bp.id
      returning passes.id
    ),
    ps as (
      update persons set mobile = v.mobile, updated_at = ${now}::timestamptz
      from v, bpe where persons.id = bpe.id
      returning persons.id
    )${
      input.personAudit
        ? sql`,
    au as (
      insert into audit_log (actor, action, subject, details)
      select 'account:' || v.account_id, 'person.update', 'person:' || ps.id, ${JSON.stringify(input.personAudit)}::jsonb
      from ps, v
    )`
        : sql``
    },
    told as (
      -- the pass was verified to another number
      select bp.verified_mobile as to_mobile, bp.id as pass_id, 0 as pref
      from bp, v where bp.verified_mobile is not null and bp.verified_mobile <> v.mobile
      union all
      -- the record's number it replaces was verified on one of the holder's passes (the newest named)
      select bpe.mobile, (
          select hp.id from passes hp
          where hp.holder_identity_number = v.identity_number and hp.verified_mobile = bpe.mobile
          order by hp.valid_until desc, hp.id desc limit 1), 1
      from bpe, v where bpe.mobile is not null and bpe.mobile <> v.mobile
    ),
    al as (
      insert into number_change_alerts (id, pass_id, identity_number, to_mobile, new_mobile, cause, company_id, account_id, created_at)
      select distinct on (told.to_mobile) gen_random_uuid(), told.pass_id, v.identity_number, told.to_mobile, v.mobile,
        (case when v.channel = 'public' then 'public-confirm' else 'applicant-confirm' end)::number_change_cause,
        -- the company that changed the number: the record's maintainer, else the pass's company
        coalesce((select pr.company_id from persons pr where pr.identity_number = v.identity_number and pr.deleted_at is null limit 1), bp.company_id),
        v.account_id, ${now}::timestamptz
      from told, v, bp
      where told.pass_id is not null
      order by told.to_mobile, told.pref
      returning id
    )
    select v.mobile, (select count(*) from ps)::int as person_updated,
      (select string_agg(id::text, ',') from al) as alert_ids
    from v`);
  const row = rowsOf<{ mobile: string; person_updated: number; alert_ids: string | null }>(
    result,
  )[0];
  return row
    ? {
        mobile: row.mobile,
        personUpdated: Number(row.person_updated) > 0,
        alertIds: row.alert_ids ? row.alert_ids.split(',') : [],
      }
    : null;
}

/**
 * A wrong code: one more failed try, and at `maxTries` the code is dead ('locked'), in one
 * statement. The row lock orders concurrent guesses; a guess at a code no longer pending counts
 * nothing. Returns the attempt's state and tries after this guess.
 */
export async function countWrongGuess(
  db: Executor,
  input: { attemptId: string; maxTries: number; now: Date },
): Promise<{ state: AttemptState; failedTries: number } | null> {
  const result = await db.execute(sql`
    update verification_attempts set
      failed_tries = failed_tries + case when state in ${PENDING} then 1 else 0 end,
      state = case when state in ${PENDING} and failed_tries + 1 >= ${input.maxTries}::int then 'locked' else state end,
      resolved_at = case when state in ${PENDING} and failed_tries + 1 >= ${input.maxTries}::int then ${iso(input.now)}::timestamptz else resolved_at end
    where id = ${input.attemptId}::uuid
    returning state::text as state, failed_tries`);
  const row = rowsOf<{ state: AttemptState; failed_tries: number }>(result)[0];
  return row ? { state: row.state, failedTries: Number(row.failed_tries) } : null;
}

/** A pending code past its 24 hours is marked 'expired'. */
export async function expireAttempt(db: Executor, input: { attemptId: string; now: Date }) {
  await db.execute(sql`
    update verification_attempts set state = 'expired', resolved_at = ${iso(input.now)}::timestamptz
    where id = ${input.attemptId}::uuid and state in ${PENDING}`);
}

// ---------------------------------------------------------------- number-change alerts (rule 22)
//
// The alert row is written with the change (above, and `queuePersonEditAlert` in the edit's
// transaction); after the commit it is claimed once, published, and its outcome recorded, like a
// code's attempt: reserve, publish, record. No transaction is open while the SMS is sent.

/**
 * A 人員資料 edit changed the mobile of a holder verified with the old number: that number is told.
 * In the edit's transaction; nothing is queued when no pass of the holder is verified to it.
 */
export async function queuePersonEditAlert(
  db: Executor,
  input: {
    identityNumber: string;
    oldMobile: string;
    newMobile: string | null;
    companyId: number;
    accountId: number;
    now: Date;
  },
): Promise<string[]> {
  const result = await db.execute(sql`
    insert into number_change_alerts (id, pass_id, identity_number, to_mobile, new_mobile, cause, company_id, account_id, created_at)
    select gen_random_uuid(), hp.id, ${input.identityNumber}::text, ${input.oldMobile}::text, ${input.newMobile}::text,
      'person-edit', ${input.companyId}::int, ${input.accountId}::int, ${iso(input.now)}::timestamptz
    from passes hp
    where hp.holder_identity_number = ${input.identityNumber}::text
      and hp.verified_mobile = ${input.oldMobile}::text
      -- One alert per verified number: editing away and back again must not say it twice.
      and not exists (
        select 1
        from number_change_alerts told
        where told.pass_id = hp.id
          and told.to_mobile = hp.verified_mobile
          and told.created_at >= hp.verified_at
      )
    order by hp.valid_until desc, hp.id desc
    limit 1
    returning id::text as id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

export interface ClaimedAlert {
  id: string;
  toMobile: string;
  passNumber: string;
  companyName: string;
  createdAt: Date;
  locale: string;
  cause: string;
}

/**
 * Claims alerts for sending, in one statement: the given ones and any that a crash left 'pending'
 * for longer than `staleBefore`, each only if still 'pending' (a row another instance holds is
 * skipped, one it already claimed no longer matches): two dispatchers never send one alert
 * twice. The claim fixes the holder's language (their newest public request's, else zh-TW) and
 * counts each send on its company's daily budget figures, which an alert never waits for.
 */
export async function claimNumberChangeAlerts(
  db: Executor,
  input: { ids: string[]; now: Date; staleBefore: Date; max: number; dayStart: Date },
): Promise<ClaimedAlert[]> {
  const shard = randomShard();
  const result = await db.execute(sql`
    with own as (select unnest(string_to_array(${input.ids.join(',')}::text, ',')::uuid[]) as id),
    picked as (
      select id from number_change_alerts
      where state = 'pending'
        and (id in (select id from own) or created_at < ${iso(input.staleBefore)}::timestamptz)
      -- the caller's own alerts first: stale ones never crowd them out
      order by (id in (select id from own)) desc, created_at
      limit ${input.max}::int
      for update skip locked
    ),
    claimed as (
      update number_change_alerts a set state = 'sending', claimed_at = ${iso(input.now)}::timestamptz,
        locale = coalesce((
          select va.locale from passes hp join verification_attempts va on va.pass_id = hp.id
          where hp.holder_identity_number = a.identity_number and va.identity_number = a.identity_number
            and va.channel = 'public'
          order by va.sent_at desc limit 1), 'zh-TW')
      from picked where a.id = picked.id and a.state = 'pending'
      returning a.id, a.pass_id, a.to_mobile, a.company_id, a.created_at, a.locale, a.cause
    ),
    counted as (
      insert into rate_counters as rc (bucket, window_start, hits)
      select ${companyDayBucket(sql`claimed.company_id`, shard)}, ${iso(input.dayStart)}::timestamptz, count(*)::int
      from claimed group by claimed.company_id
      on conflict (bucket, window_start) do update set hits = rc.hits + excluded.hits
    )
    select c.id::text as id, c.to_mobile, p.pass_number, co.name as company_name, c.created_at,
      c.locale, c.cause::text as cause
    from claimed c join passes p on p.id = c.pass_id join companies co on co.id = c.company_id
    order by c.created_at`);
  return rowsOf<{
    id: string;
    to_mobile: string;
    pass_number: string;
    company_name: string;
    created_at: string | Date;
    locale: string;
    cause: string;
  }>(result).map((r) => ({
    id: r.id,
    toMobile: r.to_mobile,
    passNumber: r.pass_number,
    companyName: r.company_name,
    createdAt: new Date(r.created_at),
    locale: r.locale,
    cause: r.cause,
  }));
}

/**
 * An alert's outcome: 'sent' with the provider's message id, or 'send-failed' with the
 * classified error. Only a claimed ('sending') alert moves, so a late report cannot rewrite it.
 */
export async function recordAlertOutcome(
  db: Executor,
  input:
    | { alertId: string; now: Date; sent: true; providerMessageId: string }
    | { alertId: string; now: Date; sent: false; error: string },
) {
  await db
    .update(numberChangeAlerts)
    .set(
      input.sent
        ? { state: 'sent', providerMessageId: input.providerMessageId, resolvedAt: input.now }
        : { state: 'send-failed', providerError: input.error, resolvedAt: input.now },
    )
    .where(and(eq(numberChangeAlerts.id, input.alertId), eq(numberChangeAlerts.state, 'sending')));
}
