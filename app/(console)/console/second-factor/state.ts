import type { ActionState } from '@/lib/action';

/** 兩步驟驗證's answer: a message at the code field, or the recovery codes shown once. */
export interface SecondFactorState extends ActionState {
  recoveryCodes?: string[];
}
