import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { readRawBody } from '../http/body';
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
 * X-Content-SHA256 (optional up to BODY_LIMIT_BYTES, required above it) declares BODY_SHA256.
 *
 * Checked in this order: headers present → client known and active → timestamp within ±300 s →
 * signature → nonce unused (recorded on success, so a replay within the window is refused). No
 * body is read before the headers pass. With X-Content-SHA256 the signature is checked before the
 * body is read, then the body must hash to it; without, the body is read only up to the ordinary
 * BODY_LIMIT_BYTES, so nobody makes the service hold a large body it has not verified.
 */
export const SIGNATURE_HEADERS = {
  clientId: 'x-client-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
  contentSha256: 'x-content-sha256',
} as const;
export const TIMESTAMP_WINDOW_SECONDS = 300;
const noncePattern = /^[A-Za-z0-9_-]{16,64}$/;
const hex64 = /^[0-9a-f]{64}$/i;

type SignedParts = { method: string; path: string; timestamp: string; nonce: string };

const sha256Hex = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');

export function stringToSign(input: SignedParts & { body: Buffer | string }): string {
  return stringToSignWithHash(input, sha256Hex(input.body));
}

function stringToSignWithHash(input: SignedParts, bodySha256: string): string {
  return [input.method.toUpperCase(), input.path, input.timestamp, input.nonce, bodySha256].join('\n');
}

export function signRequest(key: string, input: Parameters<typeof stringToSign>[0]): string {
  return signatureOver(key, input, sha256Hex(input.body));
}

function signatureOver(key: string, input: SignedParts, bodySha256: string): string {
  return createHmac('sha256', key).update(stringToSignWithHash(input, bodySha256), 'utf8').digest('hex');
}

/** Headers for a signed request, as a clinic system (and the tests, and the seed's example) builds them. */
export function signedHeaders(
  client: { clientId: string; key: string },
  request: { method: string; path: string; body?: Buffer | string; now?: Date; nonce?: string },
): Record<string, string> {
  const timestamp = String(Math.floor((request.now ?? new Date()).getTime() / 1000));
  const nonce = request.nonce ?? randomBytes(16).toString('base64url');
  const bodySha256 = sha256Hex(request.body ?? '');
  const signature = signatureOver(client.key, { method: request.method, path: request.path, timestamp, nonce }, bodySha256);
  return { 'X-Client-Id': client.clientId, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Content-SHA256': bodySha256, 'X-Signature': signature };
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

/**
 * The `integration` mode of the authenticator: returns the client as actor, with the verified body
 * in `ctx.state.rawBody`, or throws 401 with the reason (413 for a body over its limit).
 */
export async function verifySignedRequest(deps: AppDeps, ctx: ApiContext, options: { bodyLimitBytes: number }): Promise<IntegrationActor> {
  const clientId = ctx.get(SIGNATURE_HEADERS.clientId);
  const timestamp = ctx.get(SIGNATURE_HEADERS.timestamp);
  const nonce = ctx.get(SIGNATURE_HEADERS.nonce);
  const signature = ctx.get(SIGNATURE_HEADERS.signature);
  const declaredSha256 = ctx.get(SIGNATURE_HEADERS.contentSha256).toLowerCase();
  if (!clientId || !/^\d{1,12}$/.test(timestamp) || !noncePattern.test(nonce) || !hex64.test(signature) || (declaredSha256 !== '' && !hex64.test(declaredSha256))) {
    throw unauthorized('integration_signature_missing');
  }
  const client = await deps.models.IntegrationClient.findOne({ clientId }).lean();
  if (!client) throw unauthorized('integration_client_unknown');
  if (!client.active) throw unauthorized('integration_client_inactive');

  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const timestampSeconds = Number(timestamp);
  if (Math.abs(nowSeconds - timestampSeconds) > TIMESTAMP_WINDOW_SECONDS) throw unauthorized('integration_timestamp_stale');

  const key = decryptField(deps.config.crypto, 'integrationKey', client.keyEncrypted);
  const parts = { method: ctx.method, path: ctx.originalUrl, timestamp, nonce };
  const signatureMatches = (bodySha256: string) => {
    const expected = Buffer.from(signatureOver(key, parts, bodySha256), 'hex');
    const given = Buffer.from(signature.toLowerCase(), 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (declaredSha256) {
    if (!signatureMatches(declaredSha256)) throw unauthorized('integration_signature_invalid');
    ctx.state.rawBody = await readRawBody(ctx.req, options.bodyLimitBytes);
    if (sha256Hex(ctx.state.rawBody) !== declaredSha256) throw unauthorized('integration_signature_invalid');
  } else {
    ctx.state.rawBody = await readRawBody(ctx.req, Math.min(options.bodyLimitBytes, deps.config.bodyLimitBytes));
    if (!signatureMatches(sha256Hex(ctx.state.rawBody))) throw unauthorized('integration_signature_invalid');
  }

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
