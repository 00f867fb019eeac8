import fs from 'node:fs';
import { findForm, submitForm } from '../support/forms';
import { addHolder, expect, readCode, test } from './fixtures';

// The server's whole log (tests/.tmp/e2e-server.log, written by every test that ran before this
// one, in any order) holds no code, full mobile or identity number. The test makes its own
// traffic first, so it means something when it runs alone too.
test('the server log holds no full phone number, identity number or code', async ({
  sql,
  request,
  baseURL,
}) => {
  const verify = `${baseURL}/verify`;
  for (let i = 0; i < 3; i++) {
    const holder = await addHolder(sql);
    const form = await findForm(verify, 'passNumber');
    await submitForm(verify, form, { ...holder, intent: 'issue' });
    const code = await readCode(request, holder.mobile);
    await submitForm(verify, form, {
      ...holder,
      code: code === '000000' ? '111111' : '000000',
      intent: 'confirm',
    });
    await submitForm(verify, form, { ...holder, code, intent: 'confirm' });
    await submitForm(verify, form, { ...holder, mobile: '0900000000', intent: 'issue' });
  }
  await new Promise((r) => setTimeout(r, 500)); // the log is written asynchronously

  // Request and attempt ids are random UUIDs, not personal data: their digit runs could look like
  // a number or a code (seen: "…b50992827269" holds "0992827269").
  const log = fs
    .readFileSync('tests/.tmp/e2e-server.log', 'utf8')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>');
  expect(log.length).toBeGreaterThan(0);
  const codes = (await sql`select body from sms_outbox`)
    .map((r) => /#(\d{6})$/.exec(r.body as string)?.[1])
    .filter(Boolean);
  const mobiles = (
    await sql`select mobile from verification_attempts union select mobile from persons where mobile is not null`
  ).map((r) => r.mobile as string);
  const ids = (await sql`select holder_identity_number as id from passes`).map(
    (r) => r.id as string,
  );
  expect(codes.length).toBeGreaterThanOrEqual(3);
  for (const code of codes) expect(log).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
  for (const mobile of mobiles) expect(log).not.toContain(mobile);
  for (const id of ids) expect(log).not.toContain(id);
  expect(log).not.toMatch(/09\d{8}/);
  expect(log).toContain('"reqId"');
});
