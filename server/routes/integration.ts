import { z } from 'zod';
import type { ServiceConfig } from '../../config/service';
import { authorize } from '../authz/authorize';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { AppError, forbidden } from '../http/errors';
import { defineRoute, type AnyRoute, type ApiContext } from '../http/route';
import { batchImporter, importLineResult, MAX_IMPORT_RECORDS } from '../integration/batchImporter';
import { recordImporter } from '../integration/recordImporter';
import { importResultView, recordTypeNames, recordTypes, sourceId, type AnyRecord, type RecordType } from '../integration/recordSchemas';

/**
 * The integration API for clinic information systems: HMAC-signed (server/integration/signature.ts),
 * idempotent by the source system's ids. One `PUT` per record type plus the NDJSON batch import.
 * A client writes only for its own institution: the institution comes from the client, never from
 * the body, and records name residents by the institution's own archive ids.
 */
const recordErrors = [
  'integration_signature_missing',
  'integration_client_unknown',
  'integration_client_inactive',
  'integration_timestamp_stale',
  'integration_signature_invalid',
  'integration_nonce_replayed',
  'validation_failed',
  'access_denied',
  'archive_not_found',
  'record_resident_cannot_change',
  'record_implausible',
] as const;

function integrationActor(ctx: ApiContext): IntegrationActor {
  const actor = ctx.state.actor;
  if (actor?.kind !== 'integration') throw forbidden();
  return actor;
}

async function authorizeImport(deps: AppDeps, ctx: ApiContext, what: Record<string, unknown>) {
  const actor = integrationActor(ctx);
  await authorize({ deps, ctx }, 'institution.archives.import', { kind: 'institution', institutionId: actor.institutionId }, what);
  return actor;
}

function singleRecordRoute(type: RecordType): AnyRoute {
  const { body, segment, label } = recordTypes[type];
  return defineRoute({
    operationId: `integration.put.${type}`,
    method: 'put',
    path: `/api/integration/${segment}/:sourceId`,
    summary: `（机构系统）按机构记录编号新增或更新${label}；重复推送相同内容返回 unchanged`,
    tags: ['integration'],
    auth: 'integration',
    params: z.object({ sourceId: sourceId.describe('该记录在机构系统中的编号（幂等键）') }),
    body,
    response: importResultView.meta({
      examples: [{ result: 'created', type, sourceId: 'A0001', recordId: '6650f0c2a1b2c3d4e5f60718', residentId: '6650f0c2a1b2c3d4e5f60719' }],
    }),
    errors: type === 'archive'
      ? [...recordErrors, 'archive_belongs_to_another_institution', 'archive_id_number_cannot_change', 'id_number_format_invalid', 'phone_format_invalid']
      : [...recordErrors],
    handler: async ({ params, body: recordBody, ctx, deps }) => {
      const actor = await authorizeImport(deps, ctx, { type, sourceId: params.sourceId });
      const outcome = await recordImporter(deps, actor, { type, sourceId: params.sourceId, body: recordBody } as AnyRecord);
      return { ...outcome, type, sourceId: params.sourceId };
    },
  });
}

const ndjsonExample = [
  '{"type":"archive","sourceId":"A0001","name":"王建国","idNumber":"110101195503120013","phone":"13800000001","teamId":"team-demo-1","heightCm":168}',
  '{"type":"diagnosis","sourceId":"D0001","residentSourceId":"A0001","condition":"hypertension","diagnosedOn":"2019-05-12"}',
  '{"type":"labResult","sourceId":"L0001","residentSourceId":"A0001","measuredAt":"2026-03-02T09:30:00+08:00","values":{"hcyUmolL":16.2}}',
].join('\n');

export function integrationRoutes(deps: { config: ServiceConfig }): AnyRoute[] {
  return [
    ...recordTypeNames.map(singleRecordRoute),
    defineRoute({
      operationId: 'integration.import',
      method: 'post',
      path: '/api/integration/import',
      summary: `（机构系统）批量导入：application/x-ndjson，每行一条 { type, sourceId, ... }，最多 ${MAX_IMPORT_RECORDS} 条；逐条返回 created / updated / unchanged / rejected（含错误码和行号），坏记录不影响其他记录`,
      tags: ['integration'],
      auth: 'integration',
      bodyKind: 'raw',
      bodyLimitBytes: deps.config.importBodyLimitBytes,
      // The raw NDJSON is read by the handler; this schema only documents it.
      body: z.unknown().meta({
        description: `每行一个 JSON 对象：type ∈ ${recordTypeNames.join(' | ')}；其余字段与对应 PUT 接口的请求体相同。`,
        examples: [ndjsonExample],
      }),
      response: z
        .object({
          total: z.number().int(),
          summary: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
          results: z.array(importLineResult),
        })
        .meta({
          examples: [
            {
              total: 2,
              summary: { created: 1, updated: 0, unchanged: 0, rejected: 1 },
              results: [
                { line: 1, type: 'archive', sourceId: 'A0001', result: 'created', recordId: '6650f0c2a1b2c3d4e5f60718', residentId: '6650f0c2a1b2c3d4e5f60719' },
                { line: 2, type: 'diagnosis', sourceId: 'D0009', result: 'rejected', error: { code: 'archive_not_found', message: '没有找到该居民的健康档案（请先推送档案）' } },
              ],
            },
          ],
        }),
      errors: [...recordErrors, 'import_body_empty', 'import_too_many_records', 'unsupported_media_type', 'body_too_large'],
      handler: async ({ ctx, deps: routeDeps }) => {
        const contentType = ctx.get('content-type');
        if (!/^application\/(x-ndjson|jsonl|x-jsonlines)\b/i.test(contentType)) {
          throw new AppError('unsupported_media_type', 415, { expected: 'application/x-ndjson' });
        }
        const actor = await authorizeImport(routeDeps, ctx, { batch: true });
        return batchImporter(routeDeps, actor, ctx.state.rawBody ?? Buffer.alloc(0));
      },
    }),
  ];
}
