import fs from 'node:fs';
import * as z from 'zod/mini';
import type { Db } from '../../db/client';
import {
  findCompanyByTaxId,
  listAccounts,
  listCompanies,
  purgeAttempts,
} from '../../db/queries/ops';
import { listOperators } from '../../db/queries/operators';
import { purgeCounters } from '../../db/queries/limits';
import {
  addAccount,
  addCompany,
  addOperator,
  disableAccountByLogin,
  disableOperatorByLogin,
  resetAccountPassword,
  resetAccountSecondFactor,
  setCompanySecondFactor,
} from '../../lib/ops/accounts';
import { maskIdentity } from '../../lib/values/identity';
import { transferPerson } from '../../lib/domain/persons';
import { importPasses, inEnglish, PASS_CSV_HEADER } from '../../lib/ops/import-passes';
import { normaliseText } from '../../lib/values/text';
import {
  accountLoginSchema,
  accountSchema,
  companySchema,
  loginField,
  transferSchema,
} from '../../lib/schemas/console';
import {
  newPassword,
  operatorActor,
  option,
  parsed,
  progressBar,
  refuse,
  taxIdOf,
  UsageError,
  type Options,
} from './cli';

interface Command {
  /** Its line in the command list (`npm run ops -- --help`). */
  synopsis: string;
  /** Its own --help. */
  help: string;
  run(db: Db, values: Options, positionals: string[]): Promise<void>;
}

/** Every command of `npm run ops`, by its two words, in the order the help lists them. */
export const COMMANDS: Record<string, Command> = {
  'company add': {
    synopsis: '--tax-id <統一編號> --name <name>',
    help: 'usage: company add --tax-id <8-digit 統一編號 with valid checksum> --name <company name>',
    async run(db, values) {
      const { taxId, name } = parsed(companySchema, {
        taxId: option(values, 'tax-id'),
        name: option(values, 'name'),
      });
      refuse(await addCompany(db, { taxId, name, actor: operatorActor() }), taxId);
      console.log(`company ${taxId} ${name} added`);
    },
  },
  'company list': {
    synopsis: '',
    help: 'usage: company list',
    async run(db) {
      for (const c of await listCompanies(db))
        console.log(
          `${c.taxId}\t${c.name}${c.secondFactorRequired ? '\t(second factor required)' : ''}`,
        );
    },
  },
  'company require-second-factor': {
    synopsis: '--tax-id <統一編號> [--off]',
    help: 'usage: company require-second-factor --tax-id <統一編號> [--off]\nEvery account of the company must sign in with a TOTP second factor: an account without one is signed out and enrols at its next sign-in. --off stops requiring it (accounts that have one keep it).',
    async run(db, values) {
      const taxId = taxIdOf(values, 'tax-id');
      const required = !values.off;
      refuse(await setCompanySecondFactor(db, { taxId, required, actor: operatorActor() }), taxId);
      console.log(
        required
          ? `company ${taxId}: every account needs a second factor (accounts without one enrol at their next sign-in)`
          : `company ${taxId}: a second factor is no longer required`,
      );
    },
  },
  'account add': {
    synopsis:
      '--company <統一編號> --login <login> [--display-name <name>]   (password prompted twice, or read from stdin)',
    help: 'usage: account add --company <統一編號> --login <login> [--display-name <name>]\nThe password is prompted twice; when stdin is not a terminal, its first line is the password.',
    async run(db, values) {
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
          displayName,
          password,
          actor: operatorActor(),
        }),
        login,
      );
      console.log(`account ${login} added to ${companyTaxId}`);
    },
  },
  'account reset-password': {
    synopsis: '--login <login>',
    help: 'usage: account reset-password --login <login>   (password as for account add)',
    async run(db, values) {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      const password = await newPassword();
      refuse(
        await resetAccountPassword(db, { login, password, actor: operatorActor() }),
        `account ${login}`,
      );
      console.log(`password of ${login} reset`);
    },
  },
  'account disable': {
    synopsis: '--login <login>',
    help: 'usage: account disable --login <login>   (the account can no longer sign in; its sessions end)',
    async run(db, values) {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      refuse(
        await disableAccountByLogin(db, { login, actor: operatorActor() }),
        `account ${login}`,
      );
      console.log(`account ${login} disabled`);
    },
  },
  'account reset-second-factor': {
    synopsis: '--login <login>',
    help: "usage: account reset-second-factor --login <login>   (forgets the account's TOTP second factor and recovery codes; its sessions end; the next sign-in needs no code, or enrols again if the company requires it)",
    async run(db, values) {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      refuse(
        await resetAccountSecondFactor(db, { login, actor: operatorActor() }),
        `account ${login}`,
      );
      console.log(`second factor of ${login} reset; its sessions ended`);
    },
  },
  'account list': {
    synopsis: '[--company <統一編號>]',
    help: 'usage: account list [--company <統一編號>]',
    async run(db, values) {
      const company = values.company
        ? await findCompanyByTaxId(db, { taxId: taxIdOf(values, 'company') })
        : null;
      if (values.company && !company) throw new UsageError('unknown company');
      for (const a of await listAccounts(db, { companyId: company?.id })) {
        console.log(
          `${a.login}\t${a.taxId}\t${a.displayName}${a.disabledAt ? '\t(disabled)' : ''}${a.totpEnrolledAt ? '\t(TOTP enrolled)' : ''}`,
        );
      }
    },
  },
  'passes import': {
    synopsis: '<FILE.csv> [--dry-run]',
    help: `usage: passes import <FILE.csv> [--dry-run]\nheader: ${PASS_CSV_HEADER.join(',')}\ndates YYYY-MM-DD; upsert by pass number; bad rows are reported and skipped.`,
    async run(db, values, [file]) {
      if (!file) throw new UsageError('the CSV file is required');
      if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
      const started = Date.now();
      const summary = await importPasses(db, fs.readFileSync(file, 'utf8'), {
        dryRun: Boolean(values['dry-run']),
        onProgress: progressBar,
        actor: operatorActor(),
      });
      for (const r of summary.rejected) console.log(`line ${r.line}: rejected: ${inEnglish(r)}`);
      const unlisted = summary.rejectedCount - summary.rejected.length;
      if (unlisted > 0)
        console.log(
          `(the first ${summary.rejected.length} rejected lines are listed; ${unlisted} more were rejected)`,
        );
      console.log(
        `${values['dry-run'] ? '[dry run, nothing written] ' : ''}rows ${summary.total}: inserted ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejectedCount} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    },
  },
  'person transfer': {
    synopsis: '--identity <身分證號> --to <統一編號> --reason <text>',
    help: 'usage: person transfer --identity <身分證號> --to <統一編號> --reason <text>\nMoves the maintenance of a person record to another company (recorded in the audit log).',
    async run(db, values) {
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
        `person record ${maskIdentity(identityNumber)} now maintained by ${company.taxId} ${company.name}`,
      );
    },
  },
  'attempts purge': {
    synopsis: '--older-than <N>d',
    help: 'usage: attempts purge --older-than <N>d   (deletes verification attempts sent more than N days ago, and abuse-limit counters of ended windows)',
    async run(db, values) {
      const olderThan = normaliseText(option(values, 'older-than'));
      if (!olderThan) throw new UsageError('--older-than is required');
      const m = /^(\d{1,5})d$/.exec(olderThan);
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
    },
  },
  'operator add': {
    synopsis: '--login <login> [--display-name <name>]   (password as for account add)',
    help: 'usage: operator add --login <login> [--display-name <name>]\nAn operator of the console (/console), belonging to no company. The password is read as for account add; TOTP is enrolled at the first sign-in.',
    async run(db, values) {
      const { login } = parsed(z.object({ login: loginField }), { login: option(values, 'login') });
      const displayName = normaliseText(option(values, 'display-name'));
      const password = await newPassword();
      refuse(
        await addOperator(db, { login, displayName, password, actor: operatorActor() }),
        login,
      );
      console.log(`operator ${login} added (TOTP is enrolled at the first sign-in)`);
    },
  },
  'operator disable': {
    synopsis: '--login <login>',
    help: 'usage: operator disable --login <login>   (the operator can no longer sign in; its sessions end)',
    async run(db, values) {
      const { login } = parsed(accountLoginSchema, { login: option(values, 'login') });
      refuse(
        await disableOperatorByLogin(db, { login, actor: operatorActor() }),
        `operator ${login}`,
      );
      console.log(`operator ${login} disabled`);
    },
  },
  'operator list': {
    synopsis: '',
    help: 'usage: operator list',
    async run(db) {
      for (const o of await listOperators(db)) {
        console.log(
          `${o.login}\t${o.displayName}\t${o.enrolledAt ? 'TOTP enrolled' : 'TOTP not enrolled'}${o.disabledAt ? '\t(disabled)' : ''}`,
        );
      }
    },
  },
};
