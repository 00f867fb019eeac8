/**
 * Operator command line: `npm run ops -- <command>`. Uses the app's database module, its
 * operations (lib/ops) and the console's form schemas (lib/schemas/console.ts), so a company, an
 * account or a transfer the CLI accepts is one the console accepts, and the other way round.
 */
import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { getDatabase } from '../db';
import type { Db } from '../db/client';
import { describeDatabaseError } from '../db/migrate';
import { findCompanyByTaxId, listAccounts, listCompanies, purgeAttempts } from '../db/queries/ops';
import { listOperators } from '../db/queries/operators';
import { purgeCounters } from '../db/queries/limits';
import {
  addAccount,
  addCompany,
  addOperator,
  disableAccountByLogin,
  disableOperatorByLogin,
  resetAccountPassword,
  resetAccountSecondFactor,
  setCompanySecondFactor,
  type OpsResult,
} from '../lib/ops/accounts';
import { maskIdentity, normaliseIdentity } from '../lib/values/identity';
import { transferPerson } from '../lib/domain/persons';
import { importPasses, inEnglish, PASS_CSV_HEADER } from '../lib/ops/import-passes';
import { normaliseText } from '../lib/values/text';
import { flatText, loadMessages } from '../lib/i18n/messages';
import {
  accountLoginSchema,
  accountSchema,
  companySchema,
  loginField,
  passwordField,
  taxIdField,
  transferSchema,
} from '../lib/schemas/console';

class UsageError extends Error {}

/** Who ran an operator command, for the audit log. */
const operatorActor = () => `operator:${os.userInfo().username}`;

const HELP: Record<string, string> = {
  main: `usage: npm run ops -- <command> [options]

commands:
  company add --tax-id <統一編號> --name <name>
  company list
  company require-second-factor --tax-id <統一編號> [--off]
  account add --company <統一編號> --login <login> [--display-name <name>]   (password prompted twice, or read from stdin)
  account reset-password --login <login>
  account disable --login <login>
  account reset-second-factor --login <login>
  account list [--company <統一編號>]
  passes import <FILE.csv> [--dry-run]
  person transfer --identity <身分證號> --to <統一編號> --reason <text>
  attempts purge --older-than <N>d
  operator add --login <login> [--display-name <name>]   (password as for account add)
  operator disable --login <login>
  operator list

Each command takes --help. The database is DATABASE_URL's, or the embedded one in .data/pglite
(stop the server first: one process per embedded database).`,
  'company add':
    'usage: company add --tax-id <8-digit 統一編號 with valid checksum> --name <company name>',
  'company list': 'usage: company list',
  'company require-second-factor':
    'usage: company require-second-factor --tax-id <統一編號> [--off]\nEvery account of the company must sign in with a TOTP second factor: an account without one is signed out and enrols at its next sign-in. --off stops requiring it (accounts that have one keep it).',
  'account add':
    'usage: account add --company <統一編號> --login <login> [--display-name <name>]\nThe password is prompted twice; when stdin is not a terminal, its first line is the password.',
  'account reset-password':
    'usage: account reset-password --login <login>   (password as for account add)',
  'account disable':
    'usage: account disable --login <login>   (the account can no longer sign in; its sessions end)',
  'account reset-second-factor':
    "usage: account reset-second-factor --login <login>   (forgets the account's TOTP second factor and recovery codes; its sessions end; the next sign-in needs no code, or enrols again if the company requires it)",
  'account list': 'usage: account list [--company <統一編號>]',
  'passes import': `usage: passes import <FILE.csv> [--dry-run]\nheader: ${PASS_CSV_HEADER.join(',')}\ndates YYYY-MM-DD; upsert by pass number; bad rows are reported and skipped.`,
  'person transfer':
    'usage: person transfer --identity <身分證號> --to <統一編號> --reason <text>\nMoves the maintenance of a person record to another company (recorded in the audit log).',
  'operator add':
    'usage: operator add --login <login> [--display-name <name>]\nAn operator of the console (/console), belonging to no company. The password is read as for account add; TOTP is enrolled at the first sign-in.',
  'operator disable':
    'usage: operator disable --login <login>   (the operator can no longer sign in; its sessions end)',
  'operator list': 'usage: operator list',
  'attempts purge':
    'usage: attempts purge --older-than <N>d   (deletes verification attempts sent more than N days ago, and abuse-limit counters of ended windows)',
};

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const input = fs.readFileSync(0, 'utf8');
    return input.split(/\r?\n/)[0] ?? '';
  }
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: true,
  });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(q);
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
      rl.question('', (answer) => {
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('password: ');
  const second = await ask('again: ');
  rl.close();
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

async function newPassword(): Promise<string> {
  return parsed(z.object({ password: passwordField }), { password: await readPassword() }).password;
}

/** The console's sentences in English, for the console's schemas' message keys. */
const ENGLISH = flatText(loadMessages('en'), ['console']);

/** Which option a schema's field comes from, as the user typed it. */
const OPTION_OF: Record<string, string> = {
  taxId: '--tax-id (統一編號)',
  companyTaxId: '--company (統一編號)',
  toTaxId: '--to (統一編號)',
  name: '--name',
  login: '--login',
  displayName: '--display-name',
  password: 'the password',
  identityNumber: '--identity',
  reason: '--reason',
};

/** The options parsed with a console form's schema; its first refusal, in English, otherwise. */
function parsed<S extends z.ZodMiniType>(schema: S, input: Record<string, unknown>): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  throw new UsageError(`${OPTION_OF[field] ?? field}: ${ENGLISH[issue.message] ?? issue.message}`);
}

/** A string option as typed, or undefined: the schema says what is missing. */
const option = (values: Record<string, unknown>, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

const taxIdOf = (values: Record<string, unknown>, name: string) =>
  parsed(z.object({ taxId: taxIdField }), { taxId: option(values, name) }).taxId;

/** A refusal of lib/ops as the CLI says it. */
function refuse(result: OpsResult, subject: string): void {
  if (result.ok) return;
  const sentences: Record<typeof result.reason, string> = {
    'company-exists': `company ${subject} already exists`,
    'unknown-company': 'unknown company',
    'login-taken': `login ${subject} is already taken (an account or an operator)`,
    'not-found': `no active ${subject}`,
  };
  throw new UsageError(sentences[result.reason]);
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || normaliseText(v) === '')
    throw new UsageError(`--${name} is required`);
  return normaliseText(v);
}

function progressBar(done: number, total: number) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}

async function run(
  db: Db,
  command: string,
  positionals: string[],
  values: Record<string, unknown>,
): Promise<void> {
  switch (command) {
    case 'company add': {
      const { taxId, name } = parsed(companySchema, {
        taxId: option(values, 'tax-id'),
        name: option(values, 'name'),
      });
      refuse(await addCompany(db, { taxId, name, actor: operatorActor() }), taxId);
      console.log(`company ${taxId} ${name} added`);
      return;
    }
    case 'company list':
      for (const c of await listCompanies(db))
        console.log(
          `${c.taxId}\t${c.name}${c.secondFactorRequired ? '\t(second factor required)' : ''}`,
        );
      return;
    case 'company require-second-factor': {
      const taxId = taxIdOf(values, 'tax-id');
      const required = !values.off;
      refuse(await setCompanySecondFactor(db, { taxId, required, actor: operatorActor() }), taxId);
      console.log(
        required
          ? `company ${taxId}: every account needs a second factor (accounts without one enrol at their next sign-in)`
          : `company ${taxId}: a second factor is no longer required`,
      );
      return;
    }
    case 'account add': {
      // Checked before the password is asked for; the password then by the same schema.
      const { companyTaxId, login, displayName } = parsed(
        z.omit(accountSchema, { password: true }),
        {
          companyTaxId: option(values, 'company'),
          login: option(values, 'login'),
          displayName: option(values, 'display-name'),
        },
      );
      const password = await newPassword();
      refuse(
        await addAccount(db, {
          companyTaxId,
          login,
          displayName: displayName || login,
          password,
          actor: operatorActor(),
        }),
        login,
      );
      console.log(`account ${login} added to ${companyTaxId}`);
      return;
    }
    case 'account reset-password': {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      const password = await newPassword();
      refuse(
        await resetAccountPassword(db, { login, password, actor: operatorActor() }),
        `account ${login}`,
      );
      console.log(`password of ${login} reset`);
      return;
    }
    case 'account disable': {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      refuse(
        await disableAccountByLogin(db, { login, actor: operatorActor() }),
        `account ${login}`,
      );
      console.log(`account ${login} disabled`);
      return;
    }
    case 'account reset-second-factor': {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      refuse(
        await resetAccountSecondFactor(db, { login, actor: operatorActor() }),
        `account ${login}`,
      );
      console.log(`second factor of ${login} reset; its sessions ended`);
      return;
    }
    case 'operator add': {
      const { login } = parsed(z.object({ login: loginField }), { login: option(values, 'login') });
      const displayName =
        typeof values['display-name'] === 'string' ? normaliseText(values['display-name']) : login;
      const password = await newPassword();
      refuse(
        await addOperator(db, { login, displayName, password, actor: operatorActor() }),
        login,
      );
      console.log(`operator ${login} added (TOTP is enrolled at the first sign-in)`);
      return;
    }
    case 'operator disable': {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      refuse(
        await disableOperatorByLogin(db, { login, actor: operatorActor() }),
        `operator ${login}`,
      );
      console.log(`operator ${login} disabled`);
      return;
    }
    case 'operator list':
      for (const o of await listOperators(db)) {
        console.log(
          `${o.login}\t${o.displayName}\t${o.enrolledAt ? 'TOTP enrolled' : 'TOTP not enrolled'}${o.disabledAt ? '\t(disabled)' : ''}`,
        );
      }
      return;
    case 'account list': {
      const company = values.company
        ? await findCompanyByTaxId(db, { taxId: taxIdOf(values, 'company') })
        : null;
      if (values.company && !company) throw new UsageError('unknown company');
      for (const a of await listAccounts(db, { companyId: company?.id })) {
        console.log(
          `${a.login}\t${a.taxId}\t${a.displayName}${a.disabledAt ? '\t(disabled)' : ''}${a.totpEnrolledAt ? '\t(TOTP enrolled)' : ''}`,
        );
      }
      return;
    }
    case 'passes import': {
      const file = positionals[0];
      if (!file) throw new UsageError('the CSV file is required');
      if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
      const started = Date.now();
      const summary = await importPasses(db, fs.readFileSync(file, 'utf8'), {
        dryRun: Boolean(values['dry-run']),
        onProgress: progressBar,
        actor: operatorActor(),
      });
      for (const r of summary.rejected) console.log(`line ${r.line}: rejected: ${inEnglish(r)}`);
      if (summary.rejectedCount > summary.rejected.length)
        console.log(
          `(the first ${summary.rejected.length} rejected lines are listed; ${summary.rejectedCount - summary.rejected.length} more were rejected)`,
        );
      console.log(
        `${values['dry-run'] ? '[dry run, nothing written] ' : ''}rows ${summary.total}: inserted ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejectedCount} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      return;
    }
    case 'person transfer': {
      const { identityNumber, toTaxId, reason } = parsed(transferSchema, {
        identityNumber: option(values, 'identity'),
        toTaxId: option(values, 'to'),
        reason: option(values, 'reason'),
      });
      const company = await findCompanyByTaxId(db, { taxId: toTaxId });
      if (!company) throw new UsageError('unknown company');
      const result = await transferPerson(db, {
        identityNumber,
        toCompanyId: company.id,
        actor: operatorActor(),
        reason,
      });
      if (!result.ok) {
        throw new UsageError(
          result.reason === 'not-found'
            ? 'no live person record for that identity number'
            : `already maintained by ${company.taxId}`,
        );
      }
      console.log(
        `person record ${maskIdentity(normaliseIdentity(identityNumber))} now maintained by ${company.taxId} ${company.name}`,
      );
      return;
    }
    case 'attempts purge': {
      const m = /^(\d{1,5})d$/.exec(required(values, 'older-than'));
      if (!m) throw new UsageError('--older-than: a number of days, like 180d');
      const before = new Date(Date.now() - Number(m[1]) * 86_400_000);
      console.log(
        `deleted ${await purgeAttempts(db, { before })} verification attempts sent before ${before.toISOString()}`,
      );
      // Counters name clients (addresses): they go with the attempts, but never a window still running.
      const countersBefore = new Date(Math.min(before.getTime(), Date.now() - 86_400_000));
      console.log(
        `deleted ${await purgeCounters(db, { before: countersBefore })} abuse-limit counters of windows before ${countersBefore.toISOString()}`,
      );
      return;
    }
    default:
      throw new UsageError(`unknown command: ${command || '(none)'}\n\n${HELP.main}`);
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        'tax-id': { type: 'string' },
        name: { type: 'string' },
        company: { type: 'string' },
        login: { type: 'string' },
        'display-name': { type: 'string' },
        'dry-run': { type: 'boolean' },
        off: { type: 'boolean' },
        'older-than': { type: 'string' },
        identity: { type: 'string' },
        to: { type: 'string' },
        reason: { type: 'string' },
      },
    });
  } catch (error) {
    console.error(`ops: ${(error as Error).message}`);
    return 2;
  }
  const [area, verb, ...rest] = parsed.positionals;
  const command = [area, verb].filter(Boolean).join(' ');
  if (parsed.values.help || !area) {
    console.log(HELP[command] ?? HELP.main);
    return 0;
  }
  if (!HELP[command]) {
    console.error(`ops: unknown command: ${command}\n\n${HELP.main}`);
    return 2;
  }
  let handle;
  try {
    handle = await getDatabase();
    await handle.migrate();
  } catch (error) {
    console.error(`ops: ${describeDatabaseError(error)}`);
    return 1;
  }
  try {
    await run(handle.db, command, rest, parsed.values);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`ops: ${error.message}`);
      return 2;
    }
    console.error(`ops: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  } finally {
    await handle.close();
  }
}

main().then((code) => process.exit(code));
