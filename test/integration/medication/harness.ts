import { Types } from 'mongoose';
import request from 'supertest';
import type { ManualClock } from '../../../server/clock';
import { signedHeaders } from '../../../server/integration/signature';
import { createIntegrationClient } from '../../helpers/factories';
import type { TestStack } from '../../helpers/stack';

/** A clinic system pushing records for residents of inst-east, signed at the stack's clock. */
export async function clinicSystem(stack: TestStack, clock: ManualClock) {
  const client = await createIntegrationClient(stack, { institutionId: 'inst-east' });
  let archives = 0;
  return {
    client,
    /** Gives a resident an archive id in this institution's system (what an archive push records). */
    async archiveIdOf(residentId: string): Promise<string> {
      const sourceId = `A-${Date.now().toString(36)}-${(archives += 1)}`;
      const now = clock.now();
      await stack.service.deps.models.ArchiveSource.create({ institutionId: 'inst-east', sourceType: 'archive', sourceId, residentId: new Types.ObjectId(residentId), contentHash: 'test', data: { status: 'active' }, importedAt: now, updatedAt: now });
      return sourceId;
    },
    put(segment: string, sourceId: string, body: object) {
      const path = `/api/integration/${segment}/${sourceId}`;
      const text = JSON.stringify(body);
      return request(stack.url).put(path).set(signedHeaders(client, { method: 'PUT', path, body: text, now: clock.now() })).set('Content-Type', 'application/json').send(text);
    },
  };
}

export const simulator = (stack: TestStack) => ({
  async messagesTo(openid: string) {
    const res = (await (await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/messages`)).json()) as { messages: Array<{ touser: string; errcode: number; template_id: string; data: Record<string, { value: string }> }> };
    return res.messages.filter((m) => m.touser === openid);
  },
  grant(openid: string, templateId: string, count = 1) {
    return fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/subscriptions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ openid, templateId, count }) });
  },
});
