// The validation message keys of the public and 人員資料 forms (the console's schemas keep theirs
// in lib/schemas/console.ts, sign-in and the second factor name theirs inline); the UI shows
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
