// The one home of validation message keys: every schema names its messages here, and the UI shows
// them in its language.
export const MESSAGES = {
  passNumberRequired: 'validation.passNumberRequired',
  passNumberFormat: 'validation.passNumberFormat',
  identityRequired: 'validation.identityRequired',
  identityFormat: 'validation.identityFormat',
  identityChecksum: 'validation.identityChecksum',
  mobileRequired: 'validation.mobileRequired',
  mobileFormat: 'validation.mobileFormat',
  codeFormat: 'validation.codeFormat',
  loginRequired: 'validation.loginRequired',
  passwordRequired: 'validation.passwordRequired',
  nameRequired: 'validation.nameRequired',
  nameTooLong: 'validation.nameTooLong',
  reasonRequired: 'validation.reasonRequired',
  reasonTooLong: 'validation.reasonTooLong',
} as const;
