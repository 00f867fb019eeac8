import type { Locale } from '../i18n/locales';

/** One UCS-2 SMS holds 70 characters; a GSM-7 one holds 160. */
export const UCS2_LIMIT = 70;
export const GSM7_LIMIT = 160;

// The GSM 03.38 basic character set (without the escape table).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/** How many characters fit in one SMS with this text's encoding. */
export function singleSmsLimit(text: string): number {
  return GSM7.test(text) ? GSM7_LIMIT : UCS2_LIMIT;
}

export type SmsLocale = Locale;

/**
 * In the language the holder used. Vietnamese and Indonesian are written without diacritics so
 * they stay GSM-7 (the usual SMS practice there); Chinese and Thai are UCS-2 and kept short.
 */
const TEMPLATES: Record<SmsLocale, (code: string, hours: number) => string> = {
  'zh-TW': (code, hours) => `港區通行證手機驗證碼:${code},${hours}小時內有效,請勿告訴他人。`,
  en: (code, hours) => `Port pass phone code: ${code}. Valid ${hours}h. Do not share it.`,
  vi: (code, hours) =>
    `Ma xac minh the ra vao cang: ${code}. Hieu luc ${hours} gio. Khong chia se ma nay.`,
  id: (code, hours) =>
    `Kode verifikasi kartu pelabuhan: ${code}. Berlaku ${hours} jam. Jangan dibagikan.`,
  th: (code, hours) => `รหัสบัตรท่าเรือ ${code} ใช้ได้ ${hours} ชม.`,
};

/**
 * The verification SMS: names the service, holds the code and ends with the WebOTP line
 * (`@host #code`) so that phones offer to fill the code in. Should a long host push the text
 * past one SMS, the WebOTP line is left out rather than sending two.
 */
export function buildVerificationMessage(input: {
  code: string;
  hours: number;
  locale?: SmsLocale;
  host?: string;
}): string {
  const body = TEMPLATES[input.locale ?? 'zh-TW'](input.code, input.hours);
  if (!input.host) return body;
  const withOtp = `${body}\n\n@${input.host} #${input.code}`;
  return withOtp.length <= singleSmsLimit(withOtp) ? withOtp : body;
}

// ---------------------------------------------------------------- the number-change alert
//
// When a verification or a 人員資料 edit replaces the number a pass was verified to, the old
// number is told once. The alert carries nothing to type: no code, no link, no run of digits
// that a phone (or a person) could take for a code; the longest digit run is a year or a
// contact's group of four. Company names are Chinese, which makes every alert UCS-2 (70
// characters) whatever its language, so each language has a compact form and the details give
// way in a fixed order until the text fits: the year, then the pass number's series, then the
// time of day, then the end of the company's name.

/** The longest run of digits an alert may hold: a code is six, a year four. */
export const ALERT_MAX_DIGIT_RUN = 4;
/** A contact fits every language's compact alert with room left for the company's name. */
export const ALERT_CONTACT_MAX = 12;

const CODE_LIKE_DIGITS = new RegExp(`\\p{Nd}{${ALERT_MAX_DIGIT_RUN + 1},}`, 'u');

/** Whether a text holds a run of more digits than an alert allows. */
export const hasCodeLikeDigits = (text: string) => CODE_LIKE_DIGITS.test(text);

/**
 * A pass number as an alert names it: the series kept, the serial's middle hidden
 * (KHPS113-000043 → KHPS113-***043), or only its last three characters (***043) when space is
 * short. The holder recognises it; a stranger reading the SMS learns no usable pass number.
 */
export function maskPassNumber(passNumber: string, form: 'long' | 'short' = 'long'): string {
  const short = `***${passNumber.slice(-3)}`;
  if (form === 'short' || passNumber.length <= 6) return short;
  const cut = passNumber.lastIndexOf('-', passNumber.length - 4);
  const series = cut > 0 && cut < 8 ? passNumber.slice(0, cut + 1) : passNumber.slice(0, 4);
  const long = `${series}${short}`;
  // A series of digits could pass for a code: then only the tail.
  return hasCodeLikeDigits(long) ? short : long;
}

/**
 * A company's name as an alert names it: without the legal form (高港示範運輸股份有限公司 →
 * 高港示範運輸), and with any long run of digits cut so that nothing in it looks like a code.
 */
export function alertCompanyName(name: string): string {
  const clean = name.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const short = clean.replace(/(股份有限公司|有限公司|公司)$/, '').trim() || clean;
  return short.replace(/\p{Nd}{5,}/gu, (run) => `${run.slice(0, 3)}…`);
}

/** The first code points of a text within `units` UTF-16 units (an SMS counts units). */
function takeUnits(text: string, units: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > units) break;
    out += char;
  }
  return out;
}

type WhenForm = 'full' | 'no-year' | 'day';
const WHEN_OPTIONS: Record<WhenForm, Intl.DateTimeFormatOptions> = {
  full: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  'no-year': { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  day: { month: '2-digit', day: '2-digit' },
};
const whenFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment in Taiwan time in the language's usual numeric form (ASCII digits in all five). */
function formatWhen(locale: SmsLocale, at: Date, form: WhenForm): string {
  const key = `${locale}:${form}`;
  let format = whenFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Taipei',
      hourCycle: 'h23',
      numberingSystem: 'latn',
      ...WHEN_OPTIONS[form],
    });
    whenFormats.set(key, format);
  }
  // A bare day is written with '/' everywhere (ICU writes 29-12 in Vietnamese), in the
  // language's order of day and month.
  if (form === 'day')
    return format
      .formatToParts(at)
      .filter((part) => part.type !== 'literal')
      .map((part) => part.value)
      .join('/');
  return format.format(at).replace(/\s/g, ' '); // ICU may use narrow no-break spaces
}

type AlertTemplate = (pass: string, company: string, when: string, contact: string) => string;

/**
 * Each language's alert, full (fits when the company's name is GSM-7 or short) and compact.
 * Vietnamese and Indonesian without diacritics, as the code SMS. "If it was not you": the holder
 * did not ask the company for the change.
 */
const ALERT_TEMPLATES: Record<SmsLocale, { full: AlertTemplate; compact: AlertTemplate }> = {
  'zh-TW': {
    full: (p, c, w, t) => `港區通行證${p}的手機號碼已於${w}由${c}變更,如非本人申請,請洽${t}。`,
    compact: (p, c, w, t) => `港區通行證${p}手機號碼已於${w}由${c}變更,如非本人申請請洽${t}`,
  },
  en: {
    full: (p, c, w, t) =>
      `Port pass ${p}: its mobile number was changed by ${c} on ${w}. If this was not you, call ${t}.`,
    compact: (p, c, w, t) => `Pass ${p}: phone changed by ${c} ${w}. Not you? Call ${t}`,
  },
  vi: {
    full: (p, c, w, t) =>
      `The ra vao cang ${p}: so dien thoai da duoc ${c} doi luc ${w}. Neu khong phai ban, hay goi ${t}.`,
    compact: (p, c, w, t) => `The ${p} bi ${c} doi SDT ${w}. Khong phai ban? Goi ${t}`,
  },
  id: {
    full: (p, c, w, t) =>
      `Kartu pas pelabuhan ${p}: nomor HP diubah oleh ${c} pada ${w}. Jika bukan Anda, hubungi ${t}.`,
    compact: (p, c, w, t) => `Kartu ${p} HP diubah oleh ${c} ${w}. Bukan Anda? Telp ${t}`,
  },
  th: {
    full: (p, c, w, t) => `บัตรท่าเรือ ${p} ถูกเปลี่ยนเบอร์โดย ${c} เมื่อ ${w} หากไม่ใช่คุณ โทร ${t}`,
    compact: (p, c, w, t) => `บัตร ${p} เปลี่ยนเบอร์โดย ${c} ${w} ไม่ใช่คุณโทร ${t}`,
  },
};

/** The details from most to least complete: the first form that fits one SMS is sent. */
const ALERT_FORMS: Array<{ pass: 'long' | 'short'; when: WhenForm }> = [
  { pass: 'long', when: 'full' },
  { pass: 'long', when: 'no-year' },
  { pass: 'short', when: 'no-year' },
  { pass: 'short', when: 'day' },
];

const fitsOneSms = (text: string) => text.length <= singleSmsLimit(text);

/**
 * The SMS that tells the previously verified number it was replaced: names the pass (masked),
 * the company that changed it, when (Taiwan time), and whom to contact if it was not the
 * holder's wish; in the holder's language, within one SMS.
 */
export function buildNumberChangeAlert(input: {
  passNumber: string;
  company: string;
  at: Date;
  contact: string;
  locale?: SmsLocale;
}): string {
  const locale = input.locale ?? 'zh-TW';
  const templates = ALERT_TEMPLATES[locale];
  const company = alertCompanyName(input.company);
  const contact = takeUnits(input.contact, ALERT_CONTACT_MAX);
  const render = (template: AlertTemplate, form: (typeof ALERT_FORMS)[number], name: string) =>
    template(
      maskPassNumber(input.passNumber, form.pass),
      name,
      formatWhen(locale, input.at, form.when),
      contact,
    );
  for (const template of [templates.full, templates.compact]) {
    for (const form of ALERT_FORMS) {
      const text = render(template, form, company);
      if (fitsOneSms(text)) return text;
    }
  }
  // Still too long: the company's name is cut, its start kept ('...' keeps a GSM-7 text GSM-7).
  const last = ALERT_FORMS.at(-1)!;
  const bare = render(templates.compact, last, '');
  const gsm = singleSmsLimit(bare + company) === GSM7_LIMIT;
  const [limit, ellipsis] = gsm ? [GSM7_LIMIT, '...'] : [UCS2_LIMIT, '…'];
  const room = Math.max(limit - bare.length - ellipsis.length, 1);
  return render(templates.compact, last, `${takeUnits(company, room)}${ellipsis}`);
}
