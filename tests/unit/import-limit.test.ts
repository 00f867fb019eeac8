import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_BYTES, IMPORT_MAX_TEXT } from '@/lib/ops/import-limit';
import { readAtMost } from '@/lib/web/http';

const read = (file: string) => fs.readFileSync(path.join(process.cwd(), file), 'utf8');

describe('the console import states one size limit', () => {
  it('README, the route and Next’s configuration all take IMPORT_MAX_BYTES', () => {
    expect(IMPORT_MAX_TEXT).toBe('20 MB');
    expect(read('README.md')).toContain(`up to ${IMPORT_MAX_TEXT} (\`IMPORT_MAX_BYTES\``);
    const route = read('app/(console)/console/(open)/import/run/route.ts');
    expect(route).toMatch(/readAtMost\(request, IMPORT_MAX_BYTES\)/);
    expect(route).not.toMatch(/\d+ \* 1024 \* 1024/);
    // A proxied body is cut silently at proxyClientMaxBodySize: never below what a route accepts.
    expect(read('next.config.ts')).toMatch(/proxyClientMaxBodySize: IMPORT_MAX_BYTES \+ 1/);
    expect(IMPORT_MAX_BYTES).toBe(20 * 1024 * 1024);
  });

  it('the import’s upload is not behind proxy.ts, whose buffer would cut it', async () => {
    const { config } = await import('@/proxy');
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    expect(matcher.test('/console/import')).toBe(true);
    expect(matcher.test('/console/import/run')).toBe(false);
    expect(matcher.test('/api/verify')).toBe(false);
    expect(matcher.test('/login')).toBe(true);
  });
});

describe('an upload over the limit', () => {
  /** A body that sends `bytes` and then, unless `end`, trickles forever without ending. */
  const upload = (bytes: number, end: boolean) =>
    new Request('http://localhost/console/import/run', {
      method: 'POST',
      duplex: 'half',
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(bytes));
          if (end) controller.close();
        },
      }),
    } as RequestInit);

  it('is refused once read to its end (the refusal reaches a client still writing)', async () => {
    expect(await readAtMost(upload(1500, true), 1000)).toBeNull();
    expect(await readAtMost(upload(900, true), 1000)).toHaveLength(900);
  });

  it('a client trickling the rest holds the request no longer than the drain time', async () => {
    const started = Date.now();
    expect(await readAtMost(upload(1500, false), 1000, { drainMs: 300 })).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
