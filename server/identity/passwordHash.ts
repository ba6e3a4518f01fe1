// Password hashing with scrypt (memory-hard): each guess costs 32 MiB and about a tenth of a second.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** N=2^15, r=8, p=3: 32 MiB per lane, one of OWASP's equivalent scrypt minimum settings (with N=2^17, p=1). */
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Self-describing hash: `scrypt$N$r$p$salt$key` (base64url), so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const want = Buffer.from(parts[5]!, 'base64url');
  const got = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A hash no password matches: unknown users are "verified" against it so they cost the same time as real ones. */
export const UNMATCHABLE_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_BYTES, 1).toString('base64url')}`;

/** A random password for the first admin: 20 characters from an unambiguous alphabet (~114 bits). */
export function randomPassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling: 57 symbols, keep bytes < 228 (= 4 * 57) so every symbol is equally likely.
  for (const b of bytes) { if (b < 228 && out.length < length) out += alphabet[b % alphabet.length]; }
  return out.length === length ? out : randomPassword(length);
}
