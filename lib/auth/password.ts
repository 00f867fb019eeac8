import bcrypt from 'bcryptjs';

const COST = 10;

// The form schemas (browser and server) hold the password rule; the hashing lives here.

export function hashPassword(password: string): string {
  return bcrypt.hashSync(password, COST);
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
