/**
 * The baseline: a bare node:http server parsing with the form's schema and calling the very same
 * engine (`issueCode`, `confirmCode` on postgres.js), as the action does, with none of the
 * framework: the difference to the app is what Next costs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../db/client';
import { createLogTransport } from '../lib/sms/log';
import * as z from 'zod/mini';
import { publicConfirmSchema, publicIssueSchema } from '../lib/schemas/verification';
import { confirmCode, issueCode } from '../lib/verification';
import type { EngineDeps } from '../lib/verification/deps';

export async function startBaseline(
  databaseUrl: string,
  limits: EngineDeps['limits'],
): Promise<{ url: string; close(): Promise<void> }> {
  const handle = await openDatabase({ kind: 'postgres', url: databaseUrl });
  const deps: EngineDeps = {
    db: handle.db,
    sms: createLogTransport(handle.db),
    secret: 'baseline-secret-0123456789abcdef0123456789',
    codeTtlHours: 24,
    maxTries: 5,
    webOtpHost: 'bench',
    limits,
  };

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const f = Object.fromEntries(new URLSearchParams(body));
      const ip = req.socket.remoteAddress ?? null;
      const run = async () =>
        req.url === '/confirm'
          ? confirmCode(deps, { channel: 'public', ip, ...z.parse(publicConfirmSchema, f) })
          : issueCode(deps, { channel: 'public', ip, ...z.parse(publicIssueSchema, f) });
      run()
        .then((outcome) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(outcome.ok ? 'ok' : outcome.reason);
        })
        .catch((error: Error) => {
          res.writeHead(500);
          res.end(error.name);
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await handle.close();
    },
  };
}
