import fs from 'node:fs';
import { expect, test } from './fixtures';

// Runs last (files run in name order with one worker): scans everything the server logged.
test('the server log holds no full phone number, identity number or code', async ({ sql }) => {
  const log = fs.readFileSync('tests/.tmp/e2e-server.log', 'utf8');
  expect(log.length).toBeGreaterThan(0);
  const codes = (await sql`select body from sms_outbox`).map((r) => /#(\d{6})$/.exec(r.body as string)?.[1]).filter(Boolean);
  const mobiles = (await sql`select mobile from verification_attempts union select mobile from persons where mobile is not null`).map((r) => r.mobile as string);
  const ids = (await sql`select holder_identity_number as id from passes`).map((r) => r.id as string);
  expect(codes.length).toBeGreaterThan(5);
  for (const code of codes) expect(log).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
  for (const mobile of mobiles) expect(log).not.toContain(mobile);
  for (const id of ids) expect(log).not.toContain(id);
  expect(log).not.toMatch(/09\d{8}/);
  expect(log).toContain('"reqId"');
});
