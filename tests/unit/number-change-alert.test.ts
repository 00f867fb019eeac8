import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/lib/i18n/locales';
import {
  ALERT_CONTACT_MAX,
  alertCompanyName,
  buildNumberChangeAlert,
  GSM7_LIMIT,
  hasCodeLikeDigits,
  maskPassNumber,
  singleSmsLimit,
  UCS2_LIMIT,
} from '@/lib/sms/message';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const AT = new Date('2024-12-29T15:59:00Z'); // 2024/12/29 23:59 in Taiwan: every field two digits

// The longest of each part: a pass number at its column's 32 characters, a company name at the
// console's 100, a contact at the 12 lib/env.ts allows.
const WORST = {
  passNumber: 'KHPS113-000043-ABCDEFGHIJKLMNOPQ',
  company: '臺灣國際物流倉儲運輸暨報關承攬'.repeat(7).slice(0, 100),
  contact: '(07)562-2030',
};

describe('the number-change alert fits one SMS in every language (rule 22)', () => {
  it.each(LOCALES)('%s: worst-case lengths fit one UCS-2 SMS, with every part named', (locale) => {
    expect(WORST.contact.length).toBe(ALERT_CONTACT_MAX);
    const text = buildNumberChangeAlert({ ...WORST, at: AT, locale });
    expect(text.length).toBeLessThanOrEqual(singleSmsLimit(text));
    expect(text.length).toBeLessThanOrEqual(UCS2_LIMIT);
    expect(text).toContain(WORST.contact);
    expect(text).toContain('***OPQ');
    expect(text).toContain('臺灣'); // the company's name, cut but named
    expect(text).toMatch(/12\/29|29\/12/);
  });

  it.each(LOCALES)('%s: the demo company is named whole with the default contact', (locale) => {
    const text = buildNumberChangeAlert({
      passNumber: 'KHPS113-000043',
      company: '高港示範運輸股份有限公司',
      contact: '07-562-2030',
      at: AT,
      locale,
    });
    expect(text.length).toBeLessThanOrEqual(UCS2_LIMIT);
    expect(text).toContain('高港示範運輸');
    expect(text).toContain('043');
    expect(text).not.toContain('000043');
  });

  it.each(['en', 'vi', 'id'] as const)(
    '%s: with a Latin company name it stays GSM-7, without diacritics, and says it in full',
    (locale) => {
      const text = buildNumberChangeAlert({
        passNumber: 'KHPS113-000043',
        company: 'Evergreen Marine Corp.',
        contact: '07-562-2030',
        at: AT,
        locale,
      });
      expect(singleSmsLimit(text)).toBe(GSM7_LIMIT);
      expect(text.length).toBeLessThanOrEqual(GSM7_LIMIT);
      expect(text).toMatch(/^[\x20-\x7e]*$/);
      expect(text).toContain('KHPS113-***043');
      expect(text).toContain('2024');
      expect(text).toContain('23');
    },
  );

  it('any pass, company, contact and moment: one SMS, nothing to type, no code-like digits', () => {
    const contact = fc
      .array(fc.constantFrom(...'0123456789+() -'), { minLength: 4, maxLength: ALERT_CONTACT_MAX })
      .map((chars) => chars.join(''))
      .filter((c) => !hasCodeLikeDigits(c));
    const company = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...'高港示範運輸股份有限公司0123456789 ABC&.-'),
        fc.constantFrom('😀', 'é', 'ท', '１', '๙'),
      ),
      minLength: 1,
      maxLength: 100,
    });
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9-]{4,32}$/),
        company,
        contact,
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.constantFrom(...LOCALES),
        (passNumber, name, phone, at, locale) => {
          const text = buildNumberChangeAlert({
            passNumber,
            company: name,
            contact: phone,
            at,
            locale,
          });
          expect(text.length).toBeLessThanOrEqual(singleSmsLimit(text));
          expect(text).toContain(phone);
          expect(hasCodeLikeDigits(text.replace(phone, ''))).toBe(false);
          expect(text).not.toMatch(/https?:|www\.|@|#/i);
          // No lone surrogate from cutting a name: the text is well-formed.
          expect(text).not.toMatch(LONE_SURROGATE);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('masks the pass number and strips the company’s legal form', () => {
    expect(maskPassNumber('KHPS113-000043')).toBe('KHPS113-***043');
    expect(maskPassNumber('KHPS113-000043', 'short')).toBe('***043');
    expect(maskPassNumber('TEST-00010001-ABCD')).toBe('TEST***BCD');
    // A series of digits could pass for a code: only the tail is kept.
    expect(maskPassNumber('1234567-000043')).toBe('***043');
    expect(alertCompanyName('港灣示範工程有限公司')).toBe('港灣示範工程');
    expect(alertCompanyName('公司')).toBe('公司');
    expect(alertCompanyName('第１２３４５６運輸')).toBe('第123…運輸');
  });
});
