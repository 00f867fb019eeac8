import { startThrowawayPostgres } from '../tests/support/postgres-server';
import { benchConsole } from '../bench/console';
import { Report } from '../bench/report';

const pg = await startThrowawayPostgres();
try {
  await benchConsole(new Report(), pg.url);
} finally {
  await pg.stop();
}
