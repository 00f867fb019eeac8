/**
 * The baseline: a bare node:http + postgres.js server doing the same SQL as the engine for the
 * same requests (issue: lookup, reserve window + counters + attempt, outbox, mark sent;
 * confirm: lookup, lock attempt, update attempt and pass), with none of the framework.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';

export async function startBaseline(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  const secret = 'baseline-secret';
  const hmac = (id: string, code: string) => crypto.createHmac('sha256', secret).update(`${id}.${code}`).digest('hex');

  async function issue(f: URLSearchParams): Promise<string> {
    const [row] = await sql`select p.id, p.company_id, p.holder_identity_number, p.valid_until, ps.mobile
      from passes p left join persons ps on ps.identity_number = p.holder_identity_number and ps.deleted_at is null
      where p.pass_number = ${f.get('passNumber') ?? ''} limit 1`;
    if (!row || row.holder_identity_number !== f.get('identityNumber') || row.mobile !== f.get('mobile')) return 'not-found';
    const id = crypto.randomUUID();
    const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
    const won = await sql.begin(async (tx) => {
      const w = await tx`insert into send_windows (pass_id, identity_number, mobile, attempt_id, open_until)
        values (${row.id}, ${row.holder_identity_number}, ${row.mobile}, ${id}, now() + interval '24 hours')
        on conflict (pass_id, identity_number, mobile) do update set attempt_id = excluded.attempt_id, open_until = excluded.open_until
        where send_windows.open_until <= now() returning attempt_id`;
      if (w.length === 0) return false;
      await tx`insert into rate_counters (bucket, window_start, hits) values
        (${'pass-day:' + row.id}, date_trunc('day', now()), 1), (${'company-day:' + row.company_id}, date_trunc('day', now()), 1)
        on conflict (bucket, window_start) do update set hits = rate_counters.hits + 1 returning hits`;
      await tx`insert into verification_attempts (id, pass_id, identity_number, mobile, channel, code_hash, state, expires_at)
        values (${id}, ${row.id}, ${row.holder_identity_number}, ${row.mobile}, 'public', ${hmac(id, code)}, 'sending', now() + interval '24 hours')`;
      return true;
    });
    if (!won) return 'already-sent';
    await sql`insert into sms_outbox (to_mobile, body) values (${row.mobile}, ${`baseline code ${code}\n\n@bench #${code}`})`;
    await sql.begin(async (tx) => {
      await tx`update verification_attempts set state = 'sent', provider_message_id = ${'log-' + id} where id = ${id} and state = 'sending'`;
      await tx`update verification_attempts set state = 'superseded' where pass_id = ${row.id} and id <> ${id} and state in ('sending', 'sent')`;
    });
    return 'sent';
  }

  async function confirm(f: URLSearchParams): Promise<string> {
    return sql.begin(async (tx) => {
      const [row] = await tx`select p.id, p.holder_identity_number from passes p
        left join persons ps on ps.identity_number = p.holder_identity_number and ps.deleted_at is null
        where p.pass_number = ${f.get('passNumber') ?? ''} limit 1`;
      if (!row || row.holder_identity_number !== f.get('identityNumber')) return 'not-found';
      const [a] = await tx`select * from verification_attempts where pass_id = ${row.id} and identity_number = ${row.holder_identity_number}
        and mobile = ${f.get('mobile') ?? ''} order by sent_at desc limit 1 for update`;
      if (!a || !['sending', 'sent'].includes(a.state)) return 'no-pending-code';
      const ok = crypto.timingSafeEqual(Buffer.from(hmac(a.id, f.get('code') ?? ''), 'hex'), Buffer.from(a.code_hash, 'hex'));
      if (!ok) {
        await tx`update verification_attempts set failed_tries = failed_tries + 1 where id = ${a.id}`;
        return 'wrong-code';
      }
      await tx`update verification_attempts set state = 'verified', resolved_at = now() where id = ${a.id}`;
      await tx`update passes set verified_mobile = ${a.mobile}, verified_at = now(), updated_at = now() where id = ${row.id}`;
      return 'verified';
    });
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const run = req.url === '/confirm' ? confirm : issue;
      run(form)
        .then((outcome) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(outcome);
        })
        .catch((error: Error) => {
          res.writeHead(500);
          res.end(error.message);
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await sql.end();
    },
  };
}
