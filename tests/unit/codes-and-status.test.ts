import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildVerificationMessage, singleSmsLimit, UCS2_LIMIT } from '@/lib/sms/message';
import { codeMatches, generateCode, hashCode } from '@/lib/verification/codes';
import { computeStatus } from '@/lib/verification/status';

describe('rule 3: a code is six random digits', () => {
  it('is always six digits and not constant', () => {
    const codes = new Set(Array.from({ length: 200 }, generateCode));
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(190);
  });

  it('is stored as a keyed hash and compared by that hash', () => {
    const hash = hashCode('secret-a', 'attempt-1', '123456');
    expect(hash).not.toContain('123456');
    expect(codeMatches('secret-a', 'attempt-1', '123456', hash)).toBe(true);
    expect(codeMatches('secret-b', 'attempt-1', '123456', hash)).toBe(false);
    expect(codeMatches('secret-a', 'attempt-2', '123456', hash)).toBe(false);
    expect(codeMatches('secret-a', 'attempt-1', '123457', hash)).toBe(false);
  });
});

describe('rule 7: 是否驗證 is computed from the verified and the basic-data mobile', () => {
  it('已驗證 when they are equal', () => {
    expect(computeStatus({ verifiedMobile: '0912000041', personMobile: '0912000041' })).toBe(
      'verified',
    );
  });
  it('未驗證 when never verified', () => {
    expect(computeStatus({ verifiedMobile: null, personMobile: '0912000043' })).toBe('unverified');
    expect(computeStatus({ verifiedMobile: null, personMobile: null })).toBe('unverified');
  });
  it('待驗證 when the record changed or was deleted', () => {
    expect(computeStatus({ verifiedMobile: '0933000042', personMobile: '0912000042' })).toBe(
      'pending',
    );
    expect(computeStatus({ verifiedMobile: '0933000042', personMobile: null })).toBe('pending');
  });
});

describe('the SMS text fits one UCS-2 SMS and names the service', () => {
  it('with a six-digit code and the WebOTP line', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.constantFrom('zh-TW' as const, 'en' as const),
        (code, locale) => {
          const text = buildVerificationMessage({
            code,
            hours: 24,
            locale,
            host: 'pass.khport.example.tw',
          });
          expect([...text].length).toBeLessThanOrEqual(singleSmsLimit(text));
          if (locale === 'zh-TW') expect([...text].length).toBeLessThanOrEqual(UCS2_LIMIT);
          expect(text).toContain(code);
          expect(text.endsWith(`@pass.khport.example.tw #${code}`)).toBe(true);
        },
      ),
    );
    expect(buildVerificationMessage({ code: '123456', hours: 24 })).toContain('港區通行證');
  });
});
