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
