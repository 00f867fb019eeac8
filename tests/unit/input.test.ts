import { describe, expect, it } from 'vitest';
import {
  isIdentityShape,
  maskIdentity,
  normaliseIdentity,
  validateIdentity,
} from '@/lib/values/identity';
import { formatMobile, maskMobile, normaliseMobile, toE164 } from '@/lib/values/phone';
import { normaliseTaxId } from '@/lib/values/tax-id';
import * as zm from 'zod/mini';
import * as consoleSchemas from '@/lib/schemas/console';
import * as personSchemas from '@/lib/schemas/persons';
import * as verificationSchemas from '@/lib/schemas/verification';

describe('mobile numbers: stored as 09XXXXXXXX, sent in E.164', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912-345-678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['+886912345678', '0912345678'],
    ['886912345678', '0912345678'],
    ['+886 0912 345 678', '0912345678'],
    ['０９１２３４５６７８', '0912345678'],
    ['0991234567', '0991234567'],
  ])('accepts %s', (input, canonical) => {
    expect(normaliseMobile(input)).toBe(canonical);
  });

  it.each([
    '',
    '0212345678',
    '091234567',
    '09123456789',
    '+85291234567',
    'abc',
    '09１２３４５６７８x',
  ])('refuses %s', (input) => {
    expect(normaliseMobile(input)).toBeNull();
  });

  it('formats for lists, masks for logs, and converts to E.164', () => {
    expect(formatMobile('0912345678')).toBe('0912-345-678');
    expect(maskMobile('0912000043')).toBe('0912-***-043');
    expect(toE164('0912345678')).toBe('+886912345678');
  });
});

describe('identity numbers: one rule for every form, the import and the CLI', () => {
  it('upper-cases and NFKC-normalises', () => {
    expect(normaliseIdentity(' ｑｑ12345673 ')).toBe('QQ12345673');
  });

  it("accepts the manual's QQ12345673: a series with no check digit to test", () => {
    expect(isIdentityShape('QQ12345673')).toBe(true);
    expect(validateIdentity('QQ12345673')).toBeNull();
    expect(validateIdentity('QQ12345671')).toBeNull();
  });

  it.each(['A123000410', 'A800000452', 'C223000441'])('validates %s fully', (id) => {
    expect(validateIdentity(id)).toBeNull();
  });

  it('names the failed rule', () => {
    expect(validateIdentity('A123000411')).toBe('checksum');
    expect(validateIdentity('A12300041')).toBe('shape');
  });

  it('masks for logs', () => {
    expect(maskIdentity('QQ12345673')).toBe('QQ1****673');
  });
});

describe('統一編號 checksum', () => {
  it('accepts the demo companies and refuses a wrong digit', () => {
    expect(normaliseTaxId('12345675')).toBe('12345675');
    expect(normaliseTaxId('87654322')).toBe('87654322');
    expect(normaliseTaxId('12345678')).toBeNull();
  });
});

describe('CSV export cells: Excel never runs a cell as a formula', () => {
  it('neutralises = + - @ and quotes what needs it', async () => {
    const { csvLine } = await import('@/lib/ops/csv');
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'a,b', '陳"志明', null, 3])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),"a,b","陳""志明",,3\r\n`,
    );
  });

  it('a formula hidden behind a zero-width, BOM or bidi character (any Unicode Cf) is neutralised too', async () => {
    const { csvLine } = await import('@/lib/ops/csv');
    const hidden = [
      '\u200B', // zero-width space
      '\uFEFF', // byte order mark
      '\u200E', // left-to-right mark
      '\u200F', // right-to-left mark
      '\u202A', // left-to-right embedding
      '\u202E', // right-to-left override
      '\u2066', // left-to-right isolate
      '\u2069', // pop directional isolate
      '\u2060', // word joiner
      '\u00AD', // soft hyphen
      '\u061C', // Arabic letter mark
      '\u200B\u200E\uFEFF', // several
      ' ', // a space
      '\u00A0', // no-break space
    ];
    for (const prefix of hidden) {
      for (const trigger of ['=', '+', '-', '@', '\t', '\r']) {
        const cell = `${prefix}${trigger}HYPERLINK("http://evil.example")`;
        const line = csvLine([cell]);
        expect(line.replace(/^"/, ''), JSON.stringify(cell)).toMatch(/^'/);
      }
    }
    // Text that merely starts with a format character stays as it is.
    expect(csvLine(['\u200B陳志明'])).toBe('\u200B陳志明\r\n');
  });
});

describe('a field a page does not render reaches its own rule (no bare "Invalid input")', () => {
  const formSchemas = Object.entries({
    ...consoleSchemas,
    ...personSchemas,
    ...verificationSchemas,
  }).filter(([name]) => name.endsWith('Schema') && name !== 'personIdSchema');
  it.each(formSchemas)(
    '%s, posted with no fields, names each field with its own message',
    (_name, schema) => {
      const parsed = zm.safeParse(schema as zm.ZodMiniType, {});
      for (const issue of parsed.error?.issues ?? []) {
        if (issue.path.join('.') === 'id') continue; // the record id is in the URL, never typed
        expect(issue.message).toMatch(/^(console\.)?validation\./);
      }
    },
  );

  it('a forged record id or an intent no button sends is told in the page’s language, not zod’s English', () => {
    for (const id of ['0x1', '-1', '99999999999', 'abc', 1.5, null])
      expect(zm.safeParse(personSchemas.personIdSchema, id).error?.issues[0]?.message).toBe(
        'refusal.personNotFound',
      );
    const bogus = zm.safeParse(verificationSchemas.verifyFormSchema, { intent: 'bogus' });
    expect(bogus.error?.issues.map((i) => i.message)).toEqual(['refusal.invalidInput']);
  });

  it('[取得驗證碼] without 修改手機號碼 (a company that does not maintain the record) sends to 預設手機號碼', () => {
    const parsed = zm.safeParse(verificationSchemas.applicantIssueSchema, {
      passNumber: 'KHPS113-000050',
    });
    expect(parsed.success && parsed.data).toEqual({
      passNumber: 'KHPS113-000050',
      changedMobile: null,
    });
  });
});

describe('a day that does not exist is no day, never an error', () => {
  it('month 13, day 32 and 31 February are refused; a real day passes', async () => {
    const { isCalendarDay } = await import('@/lib/values/dates');
    for (const day of ['2026-13-01', '2026-01-32', '2026-02-31', '0000-01-01', '2026-1-01'])
      expect(isCalendarDay(day), day).toBe(false);
    expect(isCalendarDay('2028-02-29')).toBe(true);
  });
});
