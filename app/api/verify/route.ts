import { formRoute } from '@/lib/form-route';
import { initialVerifyState, type VerifyFormState } from '@/lib/public/state';
import { answerVerifyForm } from '@/lib/public/verify';

const STEPS: ReadonlyArray<VerifyFormState['step']> = ['start', 'sent', 'verified'];

/** 手機驗證's [取得驗證碼] and [送出驗證碼], from /verify and the login page's dialog. */
export const POST = formRoute<VerifyFormState>({
  answer: answerVerifyForm,
  prev: (fields) => {
    const step = fields.get('step') as VerifyFormState['step'];
    return { ...initialVerifyState, step: STEPS.includes(step) ? step : 'start' };
  },
  page: '/verify',
});
