// What the public forms show after each answer: their server actions' states (app/(public)).

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

/** 登入's answer: the 帳號 as typed and a sentence (a right password redirects instead). */
export interface SignInState {
  error?: string;
  fieldErrors?: Partial<Record<'login' | 'password', string>>;
  /** The 帳號 as typed (never the password). */
  values?: { login: string };
  nonce: number;
}

export const initialSignInState: SignInState = { nonce: 0 };
