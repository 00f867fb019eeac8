import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import * as z from 'zod/mini';
import { cliActor } from '../../db/queries/audit';
import type { OpsResult } from '../../lib/ops/accounts';
import { englishText } from '../../lib/i18n/messages';
import { passwordField, taxIdField } from '../../lib/schemas/console';

// What every command of `npm run ops` shares: its options parsed by the console's schemas, its
// refusals as sentences, and the password prompt.

/** A refusal the operator can fix: printed as one line, exit status 2. */
export class UsageError extends Error {}

/** The options as parseArgs gives them. */
export type Options = Record<string, unknown>;

/** Who ran an operator command, for the audit log. */
export const operatorActor = () => cliActor(os.userInfo().username);

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
export function parsed<S extends z.ZodMiniType>(schema: S, input: Options): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  throw new UsageError(`${OPTION_OF[field] ?? field}: ${englishText(issue.message)}`);
}

/** A string option as typed, or undefined: the schema says what is missing. */
export const option = (values: Options, name: string) =>
  typeof values[name] === 'string' ? values[name] : undefined;

/** A 統一編號 option, checked as the console checks it. */
export const taxIdOf = (values: Options, name: string) =>
  parsed(z.object({ taxId: taxIdField }), { taxId: option(values, name) }).taxId;

/** A refusal of lib/ops as the CLI says it. */
export function refuse(result: OpsResult, subject: string): void {
  if (result.ok) return;
  const sentences: Record<typeof result.reason, string> = {
    'company-exists': `company ${subject} already exists`,
    'unknown-company': 'unknown company',
    'login-taken': `login ${subject} is already taken (an account or an operator)`,
    'not-found': `no active ${subject}`,
  };
  throw new UsageError(sentences[result.reason]);
}

/** A new password: prompted twice on a terminal, else the first line of stdin; the console's rule. */
export async function newPassword(): Promise<string> {
  return parsed(z.object({ password: passwordField }), { password: await readPassword() }).password;
}

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

/** A progress bar on stderr, on a terminal only. */
export function progressBar(done: number, total: number) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}
