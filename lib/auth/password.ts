import bcrypt from 'bcryptjs';

const COST = 10;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): string {
  return bcrypt.hashSync(password, COST);
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
