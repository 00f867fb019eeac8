/** `npm run db:migrate` and `npm run db:seed` (stop the server first when on embedded PGlite). */
import { getDatabase } from '../db';
import { describeDatabaseError } from '../db/migrate';
import { seedDemoData } from '../db/seed';

const command = process.argv[2];

async function main() {
  const handle = await getDatabase();
  try {
    await handle.migrate();
    if (command === 'seed') await seedDemoData(handle.db);
    console.log(`${command === 'seed' ? 'migrated and seeded' : 'migrated'} (${handle.kind})`);
  } finally {
    await handle.close();
  }
}

if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: tsx scripts/db.ts migrate|seed');
  process.exit(2);
}
main().catch((error) => {
  console.error(`[db] ${describeDatabaseError(error)}`);
  process.exit(1);
});
