import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { WechatApiError } from './wechatApiError';

/**
 * The access token shared by every service instance: one MongoDB document per appid. WeChat limits
 * token fetches a day, so one instance refreshes at a time under a lease; the others wait and read
 * its result.
 *
 * The lease is taken by inserting a document whose _id is the appid, not by a conditional update:
 * the unique _id makes the insert atomic on MongoDB and on our FerretDB (SQLite) alike, whereas
 * FerretDB 1.24 applies a conditional findOneAndUpdate/updateOne as read-then-write, so two
 * instances can both "win" it. No transactions are needed either way.
 */
interface AccessTokenDoc {
  _id: string;
  accessToken: string;
  expiresAt: Date;
  refreshedAt: Date;
}

interface RefreshLeaseDoc {
  _id: string;
  leaseId: string;
  expiresAt: Date;
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
  /** Longer than a token fetch can take, so the lease of a refresher that crashed frees itself. */
  leaseMs?: number;
  pollMs?: number;
  waitMaxMs?: number;
}

export const accessTokenCollectionName = 'wechat_access_tokens';
export const accessTokenLeaseCollectionName = 'wechat_access_token_leases';

export function createAccessTokenCache(options: AccessTokenCacheOptions) {
  const { appId, fetchToken } = options;
  const refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 15_000;
  const pollMs = options.pollMs ?? 50;
  const waitMaxMs = options.waitMaxMs ?? 20_000;
  const tokens = options.connection.collection<AccessTokenDoc>(accessTokenCollectionName);
  const leases = options.connection.collection<RefreshLeaseDoc>(accessTokenLeaseCollectionName);

  async function usableToken(staleToken: string | undefined): Promise<string | undefined> {
    const doc = await tokens.findOne({ _id: appId });
    const fresh = doc !== null && doc.accessToken !== staleToken && doc.expiresAt.getTime() - refreshMarginMs > Date.now();
    return fresh ? doc.accessToken : undefined;
  }

  async function takeLease(leaseId: string): Promise<boolean> {
    const now = Date.now();
    try {
      await leases.insertOne({ _id: appId, leaseId, expiresAt: new Date(now + leaseMs) });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const held = await leases.findOne({ _id: appId });
    // The holder crashed: clear its lease so a later round can take one. Should two waiters race
    // here, the worst case is a second stable_token fetch, which returns the same token.
    if (held && held.expiresAt.getTime() <= now) await leases.deleteOne({ _id: appId, leaseId: held.leaseId });
    return false;
  }

  async function refreshUnderLease(leaseId: string, staleToken: string | undefined): Promise<string> {
    try {
      // Another instance may have refreshed between our read and our lease.
      const current = await usableToken(staleToken);
      if (current) return current;
      const fetched = await fetchToken();
      const now = Date.now();
      await tokens.updateOne(
        { _id: appId },
        { $set: { accessToken: fetched.accessToken, expiresAt: new Date(now + fetched.expiresInSeconds * 1000), refreshedAt: new Date(now) } },
        { upsert: true },
      );
      return fetched.accessToken;
    } finally {
      await leases.deleteOne({ _id: appId, leaseId });
    }
  }

  return {
    /**
     * A valid token. With `staleToken` (WeChat just answered 40001/42001 to it) that token is not
     * accepted, so one refresh happens, unless another instance has already replaced it.
     */
    async get(staleToken?: string): Promise<string> {
      const deadline = Date.now() + waitMaxMs;
      for (;;) {
        const current = await usableToken(staleToken);
        if (current) return current;
        const leaseId = randomBytes(12).toString('hex');
        if (await takeLease(leaseId)) return refreshUnderLease(leaseId, staleToken);
        if (Date.now() > deadline) throw new WechatApiError('access token', null, 'timed out waiting for another instance to refresh');
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}
