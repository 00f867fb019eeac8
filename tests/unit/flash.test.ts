import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Flash from '@/lib/flash';

// A secret of its own: the demo's generated one would be written under DATA_DIR.
vi.stubEnv('AUTH_SECRET', 'flash-test-secret-0123456789abcdef0123456789abcdef');
let flash: typeof Flash;
beforeAll(async () => {
  flash = await import('@/lib/flash');
});

describe('the no-JavaScript answer cookie (lib/flash.ts)', () => {
  const answer = { step: 'sent', values: { mobile: '0912000043', identityNumber: 'QQ12345673' } };

  it('opens what it sealed, within its two minutes only', () => {
    const now = Date.now();
    const { sealFlash, openFlash } = flash;
    const sealed = sealFlash('/verify', answer, now);
    expect(openFlash('/verify', sealed, now + 1_000)).toEqual(answer);
    expect(openFlash('/verify', sealed, now + 121_000)).toBeNull();
    // Review: an answer sealed for one page is nothing on another (a /login answer crashed /verify).
    expect(openFlash('/login', sealed, now + 1_000)).toBeNull();
  });

  it('hides what it carries and refuses any altered byte', () => {
    const { sealFlash, openFlash } = flash;
    const sealed = sealFlash('/verify', answer);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('0912000043');
    const bytes = Buffer.from(sealed, 'base64url');
    for (const at of [0, 13, 30, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at] = altered[at]! ^ 1;
      expect(openFlash('/verify', altered.toString('base64url'))).toBeNull();
    }
    for (const forged of [undefined, '', 'x', 'e30', 'A'.repeat(9000)])
      expect(openFlash('/verify', forged)).toBeNull();
  });

  it('is HttpOnly, scoped to its page, Secure over HTTPS, and cleared with Max-Age=0', () => {
    const { flashCookie } = flash;
    expect(flashCookie('/verify', false, answer)).toMatch(
      /^form-answer=[\w-]+; Path=\/verify; HttpOnly; SameSite=Lax; Max-Age=120$/,
    );
    expect(flashCookie('/verify', true, answer)).toContain('; Secure;');
    expect(flashCookie('/login', false)).toBe(
      'form-answer=; Path=/login; HttpOnly; SameSite=Lax; Max-Age=0',
    );
  });
});
