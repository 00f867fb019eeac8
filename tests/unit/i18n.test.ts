import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDayIn } from '@/lib/i18n/format';
import { LOCALES, negotiateLocale } from '@/lib/i18n/locales';
import { CATALOGUES, PUBLIC_NAMESPACES } from '@/lib/i18n/messages';
import {
  buildVerificationMessage,
  GSM7_LIMIT,
  singleSmsLimit,
  UCS2_LIMIT,
} from '@/lib/sms/message';
import { NOT_FOUND_MESSAGE } from '@/lib/verification';

function keys(tree: unknown, prefix = ''): string[] {
  if (!tree || typeof tree !== 'object') return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('languages: zh-TW first, English everywhere, vi/id/th on the public path', () => {
  const zh = keys(CATALOGUES['zh-TW']);

  it('English has every key', () => {
    expect(keys(CATALOGUES.en).sort()).toEqual([...zh].sort());
  });

  it.each(['vi', 'id', 'th'] as const)('%s has every key of the public path', (locale) => {
    const publicKeys = zh.filter((k) =>
      (PUBLIC_NAMESPACES as readonly string[]).includes(k.split('.')[0]!),
    );
    expect(keys(CATALOGUES[locale]).sort()).toEqual(publicKeys.sort());
  });

  it("keeps the manual's zh-TW strings verbatim", () => {
    const zhTW = CATALOGUES['zh-TW'] as Record<string, Record<string, string>>;
    expect(zhTW.refusal!.notFound).toBe(NOT_FOUND_MESSAGE);
    expect(zhTW.verify).toMatchObject({
      passNumber: '通行證號',
      identityNumber: '身份證號',
      mobile: '手機號碼',
      getCode: '取得驗證碼',
      code: '手機驗證碼',
      codePlaceholder: '請輸入6位數字驗證碼',
      submitCode: '送出驗證碼',
      sentTitle: '驗證碼已經成功送出',
      ok: '確定',
    });
    expect(zhTW.dashboard).toMatchObject({
      owned: '所屬通行證',
      maintained: '非所屬通行證',
      defaultMobile: '預設手機號碼',
      changedMobile: '修改手機號碼',
      statusVerified: '已驗證',
      statusUnverified: '未驗證',
      statusPending: '待驗證',
    });
  });

  it('no vi/id/th public string is left in Chinese', () => {
    for (const locale of ['vi', 'id', 'th'] as const) {
      const text = JSON.stringify(CATALOGUES[locale]);
      expect(text, locale).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('Accept-Language picks the first visit language', () => {
    expect(negotiateLocale('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('zh-CN,zh;q=0.9')).toBe('zh-TW');
    expect(negotiateLocale('fr-FR, id;q=0.5')).toBe('id');
    expect(negotiateLocale('de, th;q=0.1, en;q=0.3')).toBe('en');
    expect(negotiateLocale('')).toBe('zh-TW');
    fc.assert(
      fc.property(fc.string(), (header) => {
        expect(LOCALES).toContain(negotiateLocale(header));
      }),
    );
  });

  it('dates: 2024/08/19 in zh-TW, the usual form elsewhere', () => {
    expect(formatDayIn('zh-TW', '2024-08-19')).toBe('2024/08/19');
    expect(formatDayIn('en', '2024-08-19')).toBe('08/19/2024');
    expect(formatDayIn('vi', '2024-08-19')).toBe('19/08/2024');
  });
});

describe('the SMS in every language fits one SMS, with a 6-digit code and the WebOTP line', () => {
  it.each(LOCALES)('%s', (locale) => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), (code) => {
        const text = buildVerificationMessage({
          code,
          hours: 24,
          locale,
          host: 'pass.khport.example.tw',
        });
        expect(text.endsWith(`\n\n@pass.khport.example.tw #${code}`)).toBe(true);
        const limit = singleSmsLimit(text);
        expect(text.length).toBeLessThanOrEqual(limit);
        if (limit === GSM7_LIMIT) expect(text).toMatch(/^[\x20-\x7e\n]*$/);
        else expect(limit).toBe(UCS2_LIMIT);
      }),
      { numRuns: 50 },
    );
  });

  it('drops the WebOTP line rather than split the SMS for a very long host', () => {
    const text = buildVerificationMessage({
      code: '123456',
      hours: 24,
      locale: 'th',
      host: 'a-very-long-host-name.port-authority.example.gov.tw',
    });
    expect(text.length).toBeLessThanOrEqual(UCS2_LIMIT);
    expect(text).not.toContain('@');
  });
});
