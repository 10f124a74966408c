import QRCode from 'qrcode';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import { redemptionCodeIssuer } from '../checkout/redemptionCodes';
import { defineRoute } from '../http/route';
import { redemptionCodeView } from '../../shared/api/checkout';
import { residentIdParams } from './identitySchemas';

/** 出示码: the resident (or a proxy with `redeem`) asks for a fresh one-time code every minute. */
export const redemptionCodeRoutes = [
  defineRoute({
    operationId: 'residents.issueRedemptionCode',
    method: 'post',
    path: '/api/residents/:residentId/redemption-codes',
    summary: '出示码：签名的一次性抵扣码（60 秒有效，刷新后旧码作废），附可用积分和本月剩余额度',
    tags: ['checkout'],
    auth: 'session',
    params: residentIdParams,
    response: redemptionCodeView,
    successStatus: 201,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const decision = await authorizeForResident({ deps, ctx }, 'resident.points.redeem', params.residentId, { what: 'redemptionCode' });
      const issued = await redemptionCodeIssuer(deps, { residentId: params.residentId, accountId: requireAccountActor(ctx).accountId, proxyLinkId: decision.proxyLinkId ?? null });
      // Error correction M with a quiet zone: scanners at the till read it from a phone held at arm's length.
      const qrDataUrl = await QRCode.toDataURL(issued.qrPayload, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
      return { ...issued, qrDataUrl };
    },
  }),
];
