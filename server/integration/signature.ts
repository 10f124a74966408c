import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { unauthorized } from '../http/errors';
import type { ApiContext } from '../http/route';
import { decryptField, encryptField } from '../privacy/fieldCrypto';

/**
 * HMAC-signed requests from clinic information systems (one key per integration client, which
 * belongs to one institution).
 *
 * String to sign (UTF-8, fields joined by "\n", no trailing newline):
 *
 *     METHOD            upper case, e.g. POST
 *     PATH              the request target as sent: path plus "?query" if any, e.g. /api/integration/import
 *     TIMESTAMP         the X-Timestamp header: Unix time in whole seconds
 *     NONCE             the X-Nonce header: 16–64 characters [A-Za-z0-9_-], new for every request
 *     BODY_SHA256       lower-case hex SHA-256 of the raw body bytes (of the empty string for no body)
 *
 * X-Signature = lower-case hex HMAC-SHA256(key, stringToSign); X-Client-Id names the client.
 * Checked in this order: headers present → client known and active → timestamp within ±300 s →
 * signature → nonce unused (recorded on success, so a replay within the window is refused).
 */
export const SIGNATURE_HEADERS = { clientId: 'x-client-id', timestamp: 'x-timestamp', nonce: 'x-nonce', signature: 'x-signature' } as const;
export const TIMESTAMP_WINDOW_SECONDS = 300;
const noncePattern = /^[A-Za-z0-9_-]{16,64}$/;

export function stringToSign(input: { method: string; path: string; timestamp: string; nonce: string; body: Buffer | string }): string {
  const bodyHash = createHash('sha256').update(input.body).digest('hex');
  return [input.method.toUpperCase(), input.path, input.timestamp, input.nonce, bodyHash].join('\n');
}

export function signRequest(key: string, input: Parameters<typeof stringToSign>[0]): string {
  return createHmac('sha256', key).update(stringToSign(input), 'utf8').digest('hex');
}

/** Headers for a signed request, as a clinic system (and the tests, and the seed's example) builds them. */
export function signedHeaders(
  client: { clientId: string; key: string },
  request: { method: string; path: string; body?: Buffer | string; now?: Date; nonce?: string },
): Record<string, string> {
  const timestamp = String(Math.floor((request.now ?? new Date()).getTime() / 1000));
  const nonce = request.nonce ?? randomBytes(16).toString('base64url');
  const signature = signRequest(client.key, { method: request.method, path: request.path, timestamp, nonce, body: request.body ?? '' });
  return { 'X-Client-Id': client.clientId, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': signature };
}

/** Issues a client with a fresh random key; the key is returned this once and stored encrypted. */
export async function integrationClientIssuer(deps: AppDeps, input: { clientId: string; institutionId: string; name: string; key?: string }) {
  const key = input.key ?? randomBytes(32).toString('base64url');
  await deps.models.IntegrationClient.create({
    clientId: input.clientId,
    institutionId: input.institutionId,
    name: input.name,
    keyEncrypted: encryptField(deps.config.crypto, 'integrationKey', key),
    active: true,
    createdAt: deps.clock.now(),
  });
  return { clientId: input.clientId, institutionId: input.institutionId, key };
}

const duplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** The `integration` mode of the authenticator: returns the client as actor or throws 401 with the reason. */
export async function verifySignedRequest(deps: AppDeps, ctx: ApiContext): Promise<IntegrationActor> {
  const clientId = ctx.get(SIGNATURE_HEADERS.clientId);
  const timestamp = ctx.get(SIGNATURE_HEADERS.timestamp);
  const nonce = ctx.get(SIGNATURE_HEADERS.nonce);
  const signature = ctx.get(SIGNATURE_HEADERS.signature);
  if (!clientId || !/^\d{1,12}$/.test(timestamp) || !noncePattern.test(nonce) || !/^[0-9a-f]{64}$/i.test(signature)) {
    throw unauthorized('integration_signature_missing');
  }
  const client = await deps.models.IntegrationClient.findOne({ clientId }).lean();
  if (!client) throw unauthorized('integration_client_unknown');
  if (!client.active) throw unauthorized('integration_client_inactive');

  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const timestampSeconds = Number(timestamp);
  if (Math.abs(nowSeconds - timestampSeconds) > TIMESTAMP_WINDOW_SECONDS) throw unauthorized('integration_timestamp_stale');

  const key = decryptField(deps.config.crypto, 'integrationKey', client.keyEncrypted);
  const expected = Buffer.from(signRequest(key, { method: ctx.method, path: ctx.originalUrl, timestamp, nonce, body: ctx.state.rawBody ?? '' }), 'hex');
  const given = Buffer.from(signature.toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized('integration_signature_invalid');

  try {
    // Kept until the timestamp itself is out of the window; after that the timestamp check refuses a replay.
    await deps.models.IntegrationNonce.create({ clientId, nonce, expiresAt: new Date((timestampSeconds + 2 * TIMESTAMP_WINDOW_SECONDS) * 1000) });
  } catch (err) {
    if (duplicateKey(err)) throw unauthorized('integration_nonce_replayed');
    throw err;
  }
  return { kind: 'integration', clientId, institutionId: client.institutionId };
}

export async function purgeExpiredNonces(deps: AppDeps): Promise<number> {
  const { deletedCount } = await deps.models.IntegrationNonce.deleteMany({ expiresAt: { $lt: deps.clock.now() } });
  return deletedCount;
}
