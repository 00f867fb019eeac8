/**
 * Operator command line: `npm run ops -- <command>`. The commands are a table
 * (scripts/ops/commands.ts): each parses its options with the console's form schema where the
 * console has that form (lib/schemas/console.ts) and runs the console's operations (lib/ops), so
 * a company, an account or a transfer the CLI accepts is one the console accepts, and the other
 * way round.
 */
import { parseArgs } from 'node:util';
import { getDatabase } from '../db';
import { describeDatabaseError } from '../db/migrate';
import { UsageError } from './ops/cli';
import { COMMANDS } from './ops/commands';

const USAGE = `usage: npm run ops -- <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, { synopsis }]) => `  ${name}${synopsis ? ` ${synopsis}` : ''}`)
  .join('\n')}

Each command takes --help. The database is DATABASE_URL's, or the embedded one in .data/pglite
(stop the server first: one process per embedded database).`;

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
  const chosen = COMMANDS[command];
  if (parsed.values.help || !area) {
    console.log(chosen?.help ?? USAGE);
    return 0;
  }
  if (!chosen) {
    console.error(`ops: unknown command: ${command}\n\n${USAGE}`);
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
    await chosen.run(handle.db, parsed.values, rest);
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
