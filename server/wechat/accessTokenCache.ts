import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { WechatApiError } from './wechatApiError';

/**
 * The access token shared by every service instance through one MongoDB document per appid.
 * WeChat allows a limited number of token fetches a day, so exactly one instance refreshes at a
 * time: it takes a lease with a single-document conditional update (no transactions needed), the
 * others wait and read the result.
 */
interface AccessTokenDoc {
  _id: string;
  accessToken?: string;
  expiresAt?: Date;
  refreshedAt?: Date;
  leaseId?: string;
  leaseExpiresAt?: Date;
}

export interface FetchedAccessToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface AccessTokenCacheOptions {
  connection: Connection;
  appId: string;
  fetchToken: () => Promise<FetchedAccessToken>;
  /** Refresh this long before WeChat's expiry so no call goes out with a token about to lapse. */
  refreshMarginMs?: number;
  /** Longer than a token fetch can take, so a crashed refresher's lease frees itself. */
  leaseMs?: number;
  pollMs?: number;
  waitMaxMs?: number;
}

export const accessTokenCollectionName = 'wechat_access_tokens';

export function createAccessTokenCache(options: AccessTokenCacheOptions) {
  const { appId, fetchToken } = options;
  const refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 15_000;
  const pollMs = options.pollMs ?? 50;
  const waitMaxMs = options.waitMaxMs ?? 20_000;
  const tokens = options.connection.collection<AccessTokenDoc>(accessTokenCollectionName);

  const usable = (doc: AccessTokenDoc | null, staleToken: string | undefined): doc is AccessTokenDoc & { accessToken: string } =>
    doc?.accessToken !== undefined &&
    doc.accessToken !== staleToken &&
    doc.expiresAt !== undefined &&
    doc.expiresAt.getTime() - refreshMarginMs > Date.now();

  async function takeLease(leaseId: string): Promise<AccessTokenDoc | null> {
    const now = new Date();
    try {
      return await tokens.findOneAndUpdate(
        { _id: appId, $or: [{ leaseExpiresAt: { $exists: false } }, { leaseExpiresAt: { $lte: now } }] },
        { $set: { leaseId, leaseExpiresAt: new Date(now.getTime() + leaseMs) } },
        { upsert: true, returnDocument: 'after' },
      );
    } catch (err) {
      // The document exists with a live lease, so the upsert's insert collided: someone else is refreshing.
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  async function refreshUnderLease(leaseId: string): Promise<string> {
    let fetched: FetchedAccessToken;
    try {
      fetched = await fetchToken();
    } catch (err) {
      await tokens.updateOne({ _id: appId, leaseId }, { $unset: { leaseId: '', leaseExpiresAt: '' } });
      throw err;
    }
    const now = Date.now();
    await tokens.updateOne(
      { _id: appId, leaseId },
      {
        $set: { accessToken: fetched.accessToken, expiresAt: new Date(now + fetched.expiresInSeconds * 1000), refreshedAt: new Date(now) },
        $unset: { leaseId: '', leaseExpiresAt: '' },
      },
    );
    return fetched.accessToken;
  }

  return {
    /**
     * A valid token. With `staleToken` (WeChat just answered 40001/42001 to it) that token is not
     * accepted, so one refresh happens, unless another instance has already replaced it.
     */
    async get(staleToken?: string): Promise<string> {
      const deadline = Date.now() + waitMaxMs;
      for (;;) {
        const doc = await tokens.findOne({ _id: appId });
        if (usable(doc, staleToken)) return doc.accessToken;
        if (!doc?.leaseExpiresAt || doc.leaseExpiresAt.getTime() <= Date.now()) {
          const leaseId = randomBytes(12).toString('hex');
          const leased = await takeLease(leaseId);
          if (leased && usable(leased, staleToken)) {
            await tokens.updateOne({ _id: appId, leaseId }, { $unset: { leaseId: '', leaseExpiresAt: '' } });
            return leased.accessToken;
          }
          if (leased) return refreshUnderLease(leaseId);
        }
        if (Date.now() > deadline) throw new WechatApiError('access token', null, 'timed out waiting for another instance to refresh');
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}
