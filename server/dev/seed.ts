import type { AppDeps } from '../deps';

export interface DemoAccount {
  openidHint: string;
  description: string;
}

/**
 * Clearly fictional demo data, written idempotently (upserts by fixed keys), so `npm start` can run
 * any number of times against the same database.
 */
export async function seedDemoData(_deps: AppDeps): Promise<{ accounts: DemoAccount[] }> {
  return {
    accounts: [{ openidHint: 'demo-resident', description: '演示居民（首次登录后进入引导流程）' }],
  };
}
