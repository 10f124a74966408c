import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Field-level encryption for personal identifiers (ID numbers, phone numbers).
 *
 * Stored form: `v1:<keyId>:<iv base64url>:<ciphertext+tag base64url>` — AES-256-GCM with a 12-byte
 * random IV and the 16-byte tag appended. The field kind is the associated data, so a ciphertext
 * copied from one field into another does not decrypt. The key id names the key that encrypted
 * the value; any configured key decrypts, so keys can rotate (new writes use the active key).
 *
 * Equality lookups use `lookupHash(kind, normalizedValue)`: HMAC-SHA256 with the lookup key, which
 * cannot be reversed by hashing every possible ID number without the key.
 */
export type FieldKind = 'idNumber' | 'phone' | 'bindingCode' | 'invitationCode' | 'integrationKey';

export interface FieldKeys {
  dataKeys: { activeKeyId: string; keys: Map<string, Buffer> };
  lookupHmacKey: Buffer;
}

const formatVersion = 'v1';
const ivBytes = 12;
const tagBytes = 16;

export class FieldDecryptionError extends Error {
  constructor(reason: string) {
    super(`encrypted field cannot be decrypted: ${reason}`);
    this.name = 'FieldDecryptionError';
  }
}

export function encryptField(keys: FieldKeys, kind: FieldKind, plaintext: string): string {
  const keyId = keys.dataKeys.activeKeyId;
  const key = keys.dataKeys.keys.get(keyId);
  if (!key) throw new Error(`active data key ${keyId} is not configured`);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(kind, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${formatVersion}:${keyId}:${iv.toString('base64url')}:${ciphertext.toString('base64url')}`;
}

export function decryptField(keys: FieldKeys, kind: FieldKind, stored: string): string {
  const [version, keyId, ivText, dataText, ...rest] = stored.split(':');
  if (version !== formatVersion || !keyId || !ivText || !dataText || rest.length > 0) throw new FieldDecryptionError('unknown format');
  const key = keys.dataKeys.keys.get(keyId);
  if (!key) throw new FieldDecryptionError(`key ${keyId} is not configured`);
  const iv = Buffer.from(ivText, 'base64url');
  const data = Buffer.from(dataText, 'base64url');
  if (iv.length !== ivBytes || data.length < tagBytes) throw new FieldDecryptionError('truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(kind, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - tagBytes));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - tagBytes)), decipher.final()]).toString('utf8');
  } catch {
    throw new FieldDecryptionError('authentication failed');
  }
}

/** The key id a stored value was encrypted with (for re-encryption after a key rotation). */
export function encryptedWithKeyId(stored: string): string | undefined {
  const [version, keyId] = stored.split(':');
  return version === formatVersion ? keyId : undefined;
}

/** Keyed hash for equality lookups; the caller passes the normalized value. */
export function lookupHash(keys: Pick<FieldKeys, 'lookupHmacKey'>, kind: FieldKind, normalizedValue: string): string {
  return createHmac('sha256', keys.lookupHmacKey).update(`${kind}\u0000${normalizedValue}`).digest('base64url');
}
