/** One UCS-2 SMS holds 70 characters; a GSM-7 one holds 160. */
export const UCS2_LIMIT = 70;
export const GSM7_LIMIT = 160;

// The GSM 03.38 basic character set (without the escape table).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/** How many characters fit in one SMS with this text's encoding. */
export function singleSmsLimit(text: string): number {
  return GSM7.test(text) ? GSM7_LIMIT : UCS2_LIMIT;
}

export type SmsLocale = 'zh-TW' | 'en';

const TEMPLATES: Record<SmsLocale, (code: string, hours: number) => string> = {
  'zh-TW': (code, hours) => `港區通行證手機驗證碼:${code},${hours}小時內有效,請勿告訴他人。`,
  en: (code, hours) => `Port pass phone code: ${code}. Valid ${hours}h. Do not share it.`,
};

/**
 * The verification SMS: names the service, holds the code and ends with the WebOTP line
 * (`@host #code`) so that phones offer to fill the code in.
 */
export function buildVerificationMessage(input: {
  code: string;
  hours: number;
  locale?: SmsLocale;
  host?: string;
}): string {
  const body = TEMPLATES[input.locale ?? 'zh-TW'](input.code, input.hours);
  return input.host ? `${body}\n\n@${input.host} #${input.code}` : body;
}
