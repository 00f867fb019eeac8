/** What the public verification form shows after each step. */
export interface VerifyFormState {
  step: 'start' | 'sent' | 'verified';
  values: { passNumber: string; identityNumber: string; mobile: string };
  fieldErrors?: Partial<Record<'passNumber' | 'identityNumber' | 'mobile' | 'code', string>>;
  error?: { reason: string; message: string };
  maskedMobile?: string;
  /** Shown as 台灣時間. */
  expiresAt?: string;
  /** Changes with every answer, so the client can tell a new answer from an old one. */
  nonce: number;
}

export const initialVerifyState: VerifyFormState = {
  step: 'start',
  values: { passNumber: '', identityNumber: '', mobile: '' },
  nonce: 0,
};
