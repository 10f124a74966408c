import { randomBytes } from 'node:crypto';
import { decryptField, encryptField, encryptedWithKeyId, FieldDecryptionError, lookupHash, type FieldKeys } from '../../../server/privacy/fieldCrypto';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const keysWith = (active: string, entries: Array<[string, Buffer]>): FieldKeys => ({
  dataKeys: { activeKeyId: active, keys: new Map(entries) },
  lookupHmacKey: Buffer.alloc(32, 7),
});

describe('field encryption (AES-256-GCM with key ids)', () => {
  const keys = keysWith('k1', [['k1', keyA]]);

  test('round trip; the stored form names the key and hides the value', () => {
    const stored = encryptField(keys, 'idNumber', '11010119560312001X');
    expect(stored).toMatch(/^v1:k1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain('11010119560312001X');
    expect(decryptField(keys, 'idNumber', stored)).toBe('11010119560312001X');
    expect(encryptedWithKeyId(stored)).toBe('k1');
  });

  test('the same value encrypts differently every time (random IV)', () => {
    expect(encryptField(keys, 'phone', '13800001234')).not.toBe(encryptField(keys, 'phone', '13800001234'));
  });

  test('after rotation, new writes use the new key and old values still decrypt', () => {
    const old = encryptField(keys, 'phone', '13800001234');
    const rotated = keysWith('k2', [['k2', keyB], ['k1', keyA]]);
    expect(encryptedWithKeyId(encryptField(rotated, 'phone', '13800001234'))).toBe('k2');
    expect(decryptField(rotated, 'phone', old)).toBe('13800001234');
    expect(() => decryptField(keysWith('k2', [['k2', keyB]]), 'phone', old)).toThrow(FieldDecryptionError);
  });

  test('a tampered ciphertext, a moved field or a malformed value does not decrypt', () => {
    const stored = encryptField(keys, 'phone', '13800001234');
    const parts = stored.split(':');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 1;
    expect(() => decryptField(keys, 'phone', [...parts.slice(0, 3), data.toString('base64url')].join(':'))).toThrow(FieldDecryptionError);
    expect(() => decryptField(keys, 'idNumber', stored)).toThrow(FieldDecryptionError);
    expect(() => decryptField(keys, 'phone', 'plain')).toThrow(FieldDecryptionError);
  });

  test('lookup hashes are stable, keyed and separated by kind', () => {
    const a = lookupHash(keys, 'phone', '13800001234');
    expect(lookupHash(keys, 'phone', '13800001234')).toBe(a);
    expect(lookupHash(keys, 'idNumber', '13800001234')).not.toBe(a);
    expect(lookupHash({ lookupHmacKey: Buffer.alloc(32, 8) }, 'phone', '13800001234')).not.toBe(a);
    expect(a).not.toContain('13800001234');
  });
});
