import { z } from 'zod';
import { defineRoute } from '../http/route';
import { unavailable } from '../http/errors';

export const healthRoutes = [
  defineRoute({
    operationId: 'health.live',
    method: 'get',
    path: '/healthz',
    summary: '进程存活检查',
    tags: ['ops'],
    auth: 'public',
    response: z.object({ status: z.literal('ok') }),
    handler: async () => ({ status: 'ok' as const }),
  }),
  defineRoute({
    operationId: 'health.ready',
    method: 'get',
    path: '/readyz',
    summary: '就绪检查：数据库可达',
    tags: ['ops'],
    auth: 'public',
    errors: ['service_unavailable'],
    response: z.object({ status: z.literal('ready'), databaseMs: z.number().int() }),
    handler: async ({ deps }) => {
      const started = Date.now();
      try {
        await deps.connection.db?.admin().command({ ping: 1 });
      } catch {
        throw unavailable();
      }
      if (deps.connection.readyState !== 1) throw unavailable();
      return { status: 'ready' as const, databaseMs: Date.now() - started };
    },
  }),
];
