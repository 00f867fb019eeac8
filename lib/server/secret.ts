import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, env } from '../env';
import { logger } from './logger';

let cached: string | undefined;

/**
 * The server secret for code hashes and sessions: AUTH_SECRET, or in demo mode (embedded
 * database) one generated on first start and kept under DATA_DIR.
 */
export function getServerSecret(): string {
  if (cached) return cached;
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  if (env.DATABASE_URL && env.NODE_ENV === 'production') {
    // Several instances on one database must share the secret: a generated one would differ.
    throw new ConfigError(
      'AUTH_SECRET is required when DATABASE_URL is set (at least 32 characters)',
    );
  }
  const file = path.resolve(env.DATA_DIR, 'secret');
  try {
    cached = fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    cached = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, cached, { mode: 0o600 });
    logger.warn({ file }, 'AUTH_SECRET not set: generated a server secret for demo mode');
  }
  return cached;
}
