import { formatDay, formatTaipeiDateTime } from '../dates';
import type { ConfirmResult } from './confirm';
import type { IssueResult } from './issue';

/** The exact refusal of manual 補充說明 for any mismatch on the public channel. */
export const NOT_FOUND_MESSAGE = '查無人員通行證或手機資料,無法取得驗證碼!';

type Refusal = Exclude<IssueResult | ConfirmResult, { ok: true }>;

/** The sentence a person reads for each refusal of the engine (zh-TW, the manual's wording first). */
export function describeRefusal(result: Refusal, channel: 'public' | 'applicant' = 'public'): string {
  switch (result.reason) {
    case 'invalid-input':
      return '輸入資料有誤,請依欄位提示修正後再試一次。';
    case 'not-found':
      return channel === 'public' ? NOT_FOUND_MESSAGE : '查無此通行證,或此通行證不屬於貴公司的所屬/非所屬通行證。';
    case 'expired-pass':
      return `此通行證已於 ${formatDay(result.validUntil)} 到期,無法進行手機驗證。`;
    case 'no-person-record':
      return '「預設手機號碼」空白:請先至「基本資料維護」/「人員資料」新增一筆該人員資料,再回到此頁進行驗證。';
    case 'already-sent':
      return `同一筆「通行證號+身份證號+手機號碼」的組合,在有效時限內只能發送[取得驗證碼]一次。請於 ${formatTaipeiDateTime(result.retryAfter)} (台灣時間)後再試,或使用已收到的驗證碼。`;
    case 'rate-limited':
      return `請求過於頻繁,請於 ${formatTaipeiDateTime(result.retryAfter)} (台灣時間)後再試。`;
    case 'send-failed':
      return result.kind === 'rejected'
        ? '簡訊服務無法發送至此手機號碼,請確認號碼後再試。本次不計入發送次數。'
        : '簡訊服務暫時無法使用,請稍後再試。本次不計入發送次數。';
    case 'no-pending-code':
      return '此手機號碼目前沒有有效的驗證碼,請先按【取得驗證碼】。';
    case 'wrong-code':
      return `驗證碼錯誤,尚可再試 ${result.triesLeft} 次。`;
    case 'locked':
      return '驗證碼錯誤次數過多,此驗證碼已失效。請於有效時限過後重新取得,或洽業者申請人協助。';
    case 'expired':
      return '驗證碼已逾有效時限,請重新按【取得驗證碼】。';
  }
}

/** Manual 補充說明: what to check when the public lookup finds nothing. */
export const NOT_FOUND_CHECKLIST = [
  '[通行證號]、[身分證號]、[手機號碼]是否正確?',
  '是否[手機號碼]與系統中基本資料所登錄的手機號碼相同?',
  '是否系統中有相符的「人員資料」?',
] as const;
