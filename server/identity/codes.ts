import { randomInt } from 'node:crypto';

/**
 * Human-typable one-time codes (binding codes, invitation codes): 8 characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L), shown as `ABCD-EFGH`. 32^8 ≈ 10^12 values; guessing is
 * further limited by the binding lock and the codes' short lives.
 */
const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const codeLength = 8;

export function newHumanCode(): string {
  let code = '';
  for (let i = 0; i < codeLength; i += 1) code += alphabet.charAt(randomInt(alphabet.length));
  return code;
}

export function formatHumanCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Upper-cases and drops spaces and dashes; undefined when the rest cannot be one of our codes. */
export function normalizeHumanCode(raw: string): string | undefined {
  const value = raw.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  return value.length === codeLength && [...value].every((c) => alphabet.includes(c)) ? value : undefined;
}

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
