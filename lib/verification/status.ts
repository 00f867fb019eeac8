/** 是否驗證: computed from the pass and the live person record, never stored (manual 二, rule 7). */
export type VerificationStatus = 'verified' | 'unverified' | 'pending';

export function computeStatus(input: {
  verifiedMobile: string | null;
  /** The live person record's mobile; null when there is no record or no mobile. */
  personMobile: string | null;
}): VerificationStatus {
  if (!input.verifiedMobile) return 'unverified';
  return input.verifiedMobile === input.personMobile ? 'verified' : 'pending';
}
