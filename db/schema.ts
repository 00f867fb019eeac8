import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------- tables

/** 業者: the companies that apply for passes. */
export const companies = pgTable(
  'companies',
  {
    id: serial('id').primaryKey(),
    taxId: varchar('tax_id', { length: 8 }).notNull().unique(),
    name: text('name').notNull(),
    /**
     * An operator requires a second factor of every account of the company: an account without
     * one is taken to enrolment at its next sign-in and reaches nothing else until it enrols.
     */
    secondFactorRequired: boolean('second_factor_required').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [check('companies_tax_id_digits', sql`${t.taxId} ~ '^[0-9]{8}$'`)],
);

/** 業者申請人: applicant accounts, one company each. */
export const accounts = pgTable(
  'accounts',
  {
    id: serial('id').primaryKey(),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id),
    login: varchar('login', { length: 64 }).notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    // The applicant's optional TOTP second factor: the same columns as an operator's, so the
    // same statements serve both (db/queries/second-factor.ts).
    /** Base32 TOTP secret (RFC 6238); set when enrolment starts, trusted once enrolled. */
    totpSecret: varchar('totp_secret', { length: 64 }),
    totpEnrolledAt: timestamp('totp_enrolled_at', { withTimezone: true }),
    /** The newest time step accepted: a code is refused a second time, on every instance. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('accounts_company_idx').on(t.companyId)],
);

/** 人員資料: one live record per identity number system-wide; soft-deleted. */
export const persons = pgTable(
  'persons',
  {
    id: serial('id').primaryKey(),
    identityNumber: varchar('identity_number', { length: 10 }).notNull(),
    name: text('name').notNull(),
    mobile: varchar('mobile', { length: 10 }),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('persons_live_identity_uq')
      .on(t.identityNumber)
      .where(sql`${t.deletedAt} is null`),
    index('persons_company_idx').on(t.companyId),
    // 人員資料's keyset pages: a company's live records in 身分證號 order.
    index('persons_company_identity_idx')
      .on(t.companyId, t.identityNumber)
      .where(sql`${t.deletedAt} is null`),
    check('persons_mobile_canonical', sql`${t.mobile} is null or ${t.mobile} ~ '^09[0-9]{8}$'`),
  ],
);

/**
 * 是否驗證 (rule 7), computed from a pass's row: 未驗證 without a verified mobile, 已驗證 when it
 * equals the holder's record's mobile, 待驗證 otherwise (the record's mobile changed or the record
 * is gone). The same rule as `computeStatus` (tests/integration/status-sql.test.ts); indexed as is.
 */
export const passStatusSql = (t: { verifiedMobile: AnyPgColumn; holderMobile: AnyPgColumn }) =>
  sql<
    'verified' | 'unverified' | 'pending'
  >`(case when ${t.verifiedMobile} is null then 'unverified' when ${t.verifiedMobile} = ${t.holderMobile} then 'verified' else 'pending' end)`;

/** The passes whose holder's person record is maintained by a company other than the pass's. */
export const maintainedElsewhereSql = (t: {
  holderCompanyId: AnyPgColumn;
  companyId: AnyPgColumn;
}) => sql`${t.holderCompanyId} <> ${t.companyId}`;

/** 人員通行證: passes received from the issuing system. */
export const passes = pgTable(
  'passes',
  {
    id: serial('id').primaryKey(),
    passNumber: varchar('pass_number', { length: 32 }).notNull().unique(),
    holderIdentityNumber: varchar('holder_identity_number', { length: 10 }).notNull(),
    holderName: text('holder_name').notNull(),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id),
    validFrom: date('valid_from').notNull(),
    validUntil: date('valid_until').notNull(),
    verifiedMobile: varchar('verified_mobile', { length: 10 }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /**
     * The holder's live person record as the pass sees it: its mobile and the company maintaining
     * it (null: no record). Copies kept by the database itself: a trigger on passes sets them
     * from the record, and one on persons rewrites the holder's passes when the record's mobile or
     * company changes (`0004_lists_at_scale.sql`). 是否驗證 stays computed (rule 7: `passStatusSql`), now
     * from the pass's own row, so the lists filter, sort and count by it through indexes instead
     * of joining every pass of a company to its person record.
     */
    holderMobile: varchar('holder_mobile', { length: 10 }),
    holderCompanyId: integer('holder_company_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('passes_holder_idx').on(t.holderIdentityNumber),
    // One index per order and filter the 所屬通行證 list offers, each led by the company.
    index('passes_company_idx').on(t.companyId, t.passNumber),
    index('passes_company_valid_until_idx').on(t.companyId, t.validUntil, t.passNumber),
    index('passes_company_name_idx').on(t.companyId, t.holderName, t.passNumber),
    // The status's own columns close the key, so counting by status reads the index alone.
    index('passes_company_status_idx').on(
      t.companyId,
      passStatusSql(t),
      t.passNumber,
      t.verifiedMobile,
      t.holderMobile,
    ),
    index('passes_company_identity_idx').on(
      t.companyId,
      t.holderIdentityNumber.op('varchar_pattern_ops'),
    ),
    // 非所屬通行證: only the passes whose holder's record another company maintains.
    index('passes_maintained_idx')
      .on(t.holderCompanyId, t.passNumber)
      .where(maintainedElsewhereSql(t)),
    index('passes_maintained_status_idx')
      .on(t.holderCompanyId, passStatusSql(t), t.passNumber, t.verifiedMobile, t.holderMobile)
      .where(maintainedElsewhereSql(t)),
    // Substring search: 通行證號 by trigrams, 姓名 by single characters and pairs (a Chinese
    // name is two to four characters; pg_trgm would ignore them under the C locale).
    // Led by the company (btree_gin), so a search term common across the port but rare in the
    // company costs the company's matches, not the port's.
    index('passes_pass_number_grams_idx').using('gin', t.companyId, sql`grams(${t.passNumber}, 3)`),
    index('passes_name_grams_idx').using(
      'gin',
      t.companyId,
      sql`(grams(${t.holderName}, 1) || grams(${t.holderName}, 2))`,
    ),
    check('passes_period_order', sql`${t.validUntil} >= ${t.validFrom}`),
    check('passes_verified_pair', sql`(${t.verifiedMobile} is null) = (${t.verifiedAt} is null)`),
  ],
);

export const attemptChannel = pgEnum('attempt_channel', ['public', 'applicant']);
export const attemptState = pgEnum('attempt_state', [
  'sending',
  'sent',
  'verified',
  'expired',
  'locked',
  'superseded',
  'send-failed',
  'cancelled',
]);

/** Every code request, kept as the audit trail. The code itself is never stored. */
export const verificationAttempts = pgTable(
  'verification_attempts',
  {
    id: uuid('id').primaryKey(),
    passId: integer('pass_id')
      .notNull()
      .references(() => passes.id),
    identityNumber: varchar('identity_number', { length: 10 }).notNull(),
    mobile: varchar('mobile', { length: 10 }).notNull(),
    channel: attemptChannel('channel').notNull(),
    accountId: integer('account_id').references(() => accounts.id),
    /** The applicant typed a number other than 預設手機號碼 (manual 提醒 2). */
    changedMobile: boolean('changed_mobile').notNull().default(false),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    state: attemptState('state').notNull().default('sending'),
    failedTries: integer('failed_tries').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    providerMessageId: text('provider_message_id'),
    providerError: text('provider_error'),
    cancelReason: text('cancel_reason'),
    cancelledBy: integer('cancelled_by').references(() => accounts.id),
    requesterIp: varchar('requester_ip', { length: 64 }),
    locale: varchar('locale', { length: 8 }).notNull().default('zh-TW'),
  },
  (t) => [
    index('attempts_triple_idx').on(t.passId, t.identityNumber, t.mobile, t.sentAt),
    index('attempts_pass_idx').on(t.passId, t.sentAt),
    index('attempts_ip_idx').on(t.requesterIp, t.sentAt),
    // The console's overview (today's live figures, the daily roll-up) and the retention purge
    // read attempts by time; the audit finds a mobile's attempts. Each costs a send one index entry.
    index('attempts_sent_idx').on(t.sentAt),
    index('attempts_mobile_idx').on(t.mobile, t.sentAt),
    check(
      'attempts_channel_account',
      sql`(${t.channel} = 'applicant') = (${t.accountId} is not null)`,
    ),
    check('attempts_tries_range', sql`${t.failedTries} >= 0`),
  ],
);

/**
 * The 24-hour window of manual 說明 2: one row per (pass, identity, mobile) triple. A send
 * reserves it with an atomic upsert, so concurrent requests cannot both win.
 */
export const sendWindows = pgTable(
  'send_windows',
  {
    passId: integer('pass_id')
      .notNull()
      .references(() => passes.id),
    identityNumber: varchar('identity_number', { length: 10 }).notNull(),
    mobile: varchar('mobile', { length: 10 }).notNull(),
    attemptId: uuid('attempt_id').notNull(),
    openUntil: timestamp('open_until', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.passId, t.identityNumber, t.mobile] }),
    // Freeing the window of a superseded, failed or cancelled attempt finds it by attempt.
    index('send_windows_attempt_idx').on(t.attemptId),
  ],
);

export const numberChangeCause = pgEnum('number_change_cause', [
  /** An applicant confirmed a code (to 修改手機號碼, or to 預設手機號碼 after it changed). */
  'applicant-confirm',
  /** The holder confirmed the record's number on the public page after it changed. */
  'public-confirm',
  /** A 人員資料 edit changed a verified holder's mobile. */
  'person-edit',
]);
export const numberChangeAlertState = pgEnum('number_change_alert_state', [
  'pending',
  'sending',
  'sent',
  'send-failed',
]);

/**
 * The SMS that tells a previously verified number it was replaced: a durable outbox row, written
 * by the same statement (or transaction) as the change, so the change cannot commit without it.
 * It is sent after the commit: claimed once ('pending' → 'sending', a conditional update), then
 * published, then recorded ('sent' or 'send-failed'), like a code's attempt. A row left in
 * 'sending' by a crash is never sent again (at most one SMS, never two); a failure is recorded
 * and never retried. Nothing here can refuse the row (no check, no key on the account): an alert
 * must never make its change fail.
 */
export const numberChangeAlerts = pgTable(
  'number_change_alerts',
  {
    id: uuid('id').primaryKey(),
    /** The pass the SMS names. */
    passId: integer('pass_id')
      .notNull()
      .references(() => passes.id),
    identityNumber: varchar('identity_number', { length: 10 }).notNull(),
    /** The previously verified number: the one told. */
    toMobile: varchar('to_mobile', { length: 10 }).notNull(),
    /** The number that replaced it (null: a 人員資料 edit cleared the mobile). */
    newMobile: varchar('new_mobile', { length: 10 }),
    cause: numberChangeCause('cause').notNull(),
    /** The company that changed it: the person record's maintainer (else the pass's company). */
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id),
    /** The applicant account that acted, if any (public confirms have none). */
    accountId: integer('account_id'),
    state: numberChangeAlertState('state').notNull().default('pending'),
    /** When the number changed: the time the SMS names. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** The language the holder last used, fixed when the alert is claimed. */
    locale: varchar('locale', { length: 8 }),
    providerMessageId: text('provider_message_id'),
    providerError: text('provider_error'),
  },
  (t) => [
    // The console's audit finds alerts by pass, holder or mobile (old or new).
    index('number_change_alerts_pass_idx').on(t.passId, t.createdAt),
    index('number_change_alerts_identity_idx').on(t.identityNumber, t.createdAt),
    index('number_change_alerts_to_idx').on(t.toMobile, t.createdAt),
    index('number_change_alerts_new_idx').on(t.newMobile, t.createdAt),
    // Alerts a crash left unclaimed are picked up by the next dispatch: a small partial index.
    index('number_change_alerts_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * Signed-in sessions of applicants and operators, one row per sign-in step, owned by exactly one
 * account or one operator. The cookie names a row; a request is served only while the row is
 * live, so sign-out, a password reset or disabling end it server-side, and its lifetime runs
 * from sign-in, not from the last request.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    accountId: integer('account_id').references(() => accounts.id),
    operatorId: integer('operator_id').references((): AnyPgColumn => operators.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /**
     * Only the password so far (every operator's sign-in; an applicant's whose account has a
     * second factor or whose company requires one): short-lived, it reaches nothing but the
     * second-factor step. The right code ends it and opens a new row, `second_factor_at` set.
     */
    pending: boolean('pending').notNull().default(false),
    secondFactorAt: timestamp('second_factor_at', { withTimezone: true }),
  },
  (t) => [
    index('sessions_account_idx').on(t.accountId),
    index('sessions_operator_idx').on(t.operatorId),
    check('sessions_one_owner', sql`num_nonnulls(${t.accountId}, ${t.operatorId}) = 1`),
  ],
);

/** Operator actions and other changes that must be accountable (who, when, what). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** 'operator:<os user>' for the CLI, 'console:<login>' for an operator, 'account:<id>' for an applicant. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    /** What was changed, e.g. 'person:<id>'. */
    subject: text('subject').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_subject_idx').on(t.subject, t.at)],
);

/** 營運人員: the port's staff who run the service. They belong to no company. */
export const operators = pgTable('operators', {
  id: serial('id').primaryKey(),
  login: varchar('login', { length: 64 }).notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  /** Base32 TOTP secret (RFC 6238); set when enrolment starts, trusted once enrolled. */
  totpSecret: varchar('totp_secret', { length: 64 }),
  totpEnrolledAt: timestamp('totp_enrolled_at', { withTimezone: true }),
  /** The newest time step accepted: a code is refused a second time, on every instance. */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** Single-use recovery codes of an operator's second factor, stored as SHA-256 hashes. */
export const operatorRecoveryCodes = pgTable(
  'operator_recovery_codes',
  {
    id: serial('id').primaryKey(),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => operators.id),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('operator_recovery_codes_uq').on(t.operatorId, t.codeHash)],
);

/** Single-use recovery codes of an applicant's second factor, stored as SHA-256 hashes. */
export const accountRecoveryCodes = pgTable(
  'account_recovery_codes',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('account_recovery_codes_uq').on(t.accountId, t.codeHash)],
);

/**
 * The console's daily roll-up of attempts (Taiwan days), written once a day can no longer change
 * (its codes have expired), so the overview never scans a month of attempts. Aggregates only: it
 * outlives the attempts' purge.
 */
export const attemptDailyStats = pgTable(
  'attempt_daily_stats',
  {
    day: date('day').notNull(),
    channel: attemptChannel('channel').notNull(),
    state: attemptState('state').notNull(),
    /** The send failure's kind (throttled, rejected, unavailable, timeout), or ''. */
    failureKind: varchar('failure_kind', { length: 32 }).notNull().default(''),
    attempts: integer('attempts').notNull(),
    /** Of these, verified within 24 hours of the send. */
    verifiedWithin24h: integer('verified_within_24h').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel, t.state, t.failureKind] })],
);

/** The days already rolled up: a day's row here and its stats are written in one statement. */
export const attemptStatDays = pgTable('attempt_stat_days', {
  day: date('day').primaryKey(),
  rolledUpAt: timestamp('rolled_up_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Development outbox of the log SMS transport, read by /dev/sms. */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    toMobile: varchar('to_mobile', { length: 10 }).notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sms_outbox_to_idx').on(t.toMobile, t.createdAt)],
);

/**
 * Lockouts (sign-in per account and per client, the second factor per operator and per account),
 * shared by every
 * app instance: the tries counted within the sliding window, oldest first (never more than the
 * limit), and the end of the lock that the limit's last allowed try began. One row per key, locked
 * only for the length of that key's own statement.
 */
export const lockouts = pgTable('lockouts', {
  bucket: text('bucket').primaryKey(),
  tries: timestamp('tries', { withTimezone: true }).array().notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  /** The limit the row was last judged by (a purge knows when its window ended). */
  maxTries: integer('max_tries').notNull(),
  windowMs: integer('window_ms').notNull(),
  /** Whether the statement that last wrote the row refused its try (read back by RETURNING). */
  refused: boolean('refused').notNull().default(false),
});

/**
 * Request rates per client (public 取得驗證碼 / 送出驗證碼): GCRA, a token bucket kept as one
 * instant per client (the theoretical arrival time), so its cost does not grow with the limit.
 */
export const clientRates = pgTable('client_rates', {
  bucket: text('bucket').primaryKey(),
  tat: timestamp('tat', { withTimezone: true }).notNull(),
  /** Whether the statement that last wrote the row refused its request (read back by RETURNING). */
  refused: boolean('refused').notNull().default(false),
});

/** Daily counters (the per-company send budget, the console's refusals by limit), shared by every app instance. */
export const rateCounters = pgTable(
  'rate_counters',
  {
    bucket: text('bucket').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

// ---------------------------------------------------------------- types

export type Person = typeof persons.$inferSelect;
export type AttemptState = (typeof attemptState.enumValues)[number];
export type AttemptChannel = (typeof attemptChannel.enumValues)[number];
export type NumberChangeAlertState = (typeof numberChangeAlertState.enumValues)[number];
