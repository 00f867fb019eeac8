import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/health/route';

describe('readiness checks the client-address stamp (no hidden global patch)', () => {
  it('a request that reached the app without a client address fails readiness', async () => {
    const res = await GET(new Request('http://localhost/api/health'));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ clientAddress: 'missing' });
  });
});
