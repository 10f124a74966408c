import { meterImportBody, meterImportResponse, metersResponse } from '../../shared/api/devices';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import { meterImporter, metersOf } from '../devices/meterImporter';
import { defineRoute } from '../http/route';
import { residentIdParams } from './identitySchemas';

/**
 * Bluetooth meters at home: the meters the family has synced (to reconnect and to ask a glucose
 * meter only for newer records) and the import of what a meter sent. The resident or a family
 * member with `logReadings` (`resident.meters.sync`). Schemas: shared/api/devices.ts.
 */
export const deviceRoutes = [
  defineRoute({
    operationId: 'meters.list',
    method: 'get',
    path: '/api/residents/:residentId/meters',
    summary: '已配对的蓝牙血压计/血糖仪，及血糖仪最后导入的记录序号',
    tags: ['readings', 'devices'],
    auth: 'session',
    params: residentIdParams,
    response: metersResponse,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.meters.sync', params.residentId, { meters: 'list' });
      return { meters: await metersOf(deps, resident._id) };
    },
  }),
  defineRoute({
    operationId: 'meters.import',
    method: 'post',
    path: '/api/residents/:residentId/meter-imports',
    summary: '导入蓝牙设备发来的读数（原始特征值）：按设备自身的时间和序号去重，记为设备上传（source=device），积分同家庭自测',
    tags: ['readings', 'devices'],
    auth: 'session',
    params: residentIdParams,
    body: meterImportBody,
    response: meterImportResponse,
    errors: ['access_denied', 'validation_failed'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident, ...decision } = await authorizeForResident({ deps, ctx }, 'resident.meters.sync', params.residentId, { meter: body.meter.name, records: body.records.length });
      return meterImporter(deps, { resident, actor: requireAccountActor(ctx), decision, body });
    },
  }),
];
