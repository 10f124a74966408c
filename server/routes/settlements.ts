import { z } from 'zod';
import { authorize, requireAccountActor } from '../authz/authorize';
import type { AppDeps } from '../deps';
import { defineRoute, type ApiContext } from '../http/route';
import type { PharmacyAction } from '../authz/can';
import { pharmacyNameOf } from '../pharmacies/pharmacyReader';
import { loadStatement, pharmacyStatements, settlementReconciler, statementApprover, statementConfirmer, statementCsv, statementGenerator, statementPayer, type StoredStatement } from '../settlement/statements';
import { periodKey, pharmacyId, statementId, statementListView, statementView } from '../../shared/api/checkout';

function presentStatement(s: StoredStatement) {
  return {
    statementId: s._id,
    pharmacyId: s.pharmacyId,
    periodKey: s.periodKey,
    state: s.state,
    capturedPoints: s.capturedPoints,
    reversedPoints: s.reversedPoints,
    capturedFen: s.capturedFen,
    reversedFen: s.reversedFen,
    adjustmentFen: s.adjustmentFen,
    statementTotalFen: s.statementTotalFen,
    paymentReference: s.paymentReference,
    lines: s.lines.map((l) => ({ kind: l.kind, refId: l.refId, checkoutId: l.checkoutId ?? null, at: new Date(l.at).toISOString(), points: l.points, amountFen: l.amountFen })),
  };
}

async function statementForPharmacy(deps: AppDeps, ctx: ApiContext, id: string, action: PharmacyAction) {
  const s = await loadStatement(deps, id);
  await authorize({ deps, ctx }, action, { kind: 'pharmacy', pharmacyId: s.pharmacyId }, { statementId: id });
  return s;
}

const params = z.object({ statementId });

/** Monthly statements: the pharmacy reads and confirms; the programme (admin) approves and pays. */
export const settlementRoutes = [
  defineRoute({
    operationId: 'pharmacies.listStatements',
    method: 'get',
    path: '/api/pharmacies/:pharmacyId/settlements',
    summary: '（本店收银员、管理员）月度结算单列表',
    tags: ['settlement'],
    auth: 'session',
    params: z.object({ pharmacyId }),
    response: statementListView,
    errors: ['access_denied'],
    handler: async ({ params: p, ctx, deps }) => {
      await authorize({ deps, ctx }, 'pharmacy.statements.read', { kind: 'pharmacy', pharmacyId: p.pharmacyId });
      const list = await pharmacyStatements(deps, p.pharmacyId);
      return { statements: list.map(presentStatement) };
    },
  }),
  defineRoute({
    operationId: 'settlements.get',
    method: 'get',
    path: '/api/settlements/:statementId',
    summary: '（本店收银员、管理员）结算单明细',
    tags: ['settlement'],
    auth: 'session',
    params,
    response: statementView,
    errors: ['access_denied', 'statement_not_found'],
    handler: async ({ params: p, ctx, deps }) => presentStatement(await statementForPharmacy(deps, ctx, p.statementId, 'pharmacy.statements.read')),
  }),
  defineRoute({
    operationId: 'settlements.csv',
    method: 'get',
    path: '/api/settlements/:statementId/csv',
    summary: '（本店收银员、管理员）导出结算单 CSV',
    tags: ['settlement'],
    auth: 'session',
    params,
    responseKind: 'file',
    response: z.object({ filename: z.string(), contentType: z.string(), content: z.string() }),
    errors: ['access_denied', 'statement_not_found'],
    handler: async ({ params: p, ctx, deps }) => {
      const s = await statementForPharmacy(deps, ctx, p.statementId, 'pharmacy.statements.read');
      const pharmacyName = await pharmacyNameOf(deps, s.pharmacyId);
      return { filename: `结算单-${s.periodKey}-${s.pharmacyId}.csv`, contentType: 'text/csv; charset=utf-8', content: statementCsv(s, pharmacyName ?? s.pharmacyId) };
    },
  }),
  defineRoute({
    operationId: 'settlements.confirm',
    method: 'post',
    path: '/api/settlements/:statementId/confirm',
    summary: '（本店收银员）药店确认结算单',
    tags: ['settlement'],
    auth: 'session',
    params,
    response: statementView,
    errors: ['access_denied', 'statement_not_found', 'statement_not_draft'],
    handler: async ({ params: p, ctx, deps }) => {
      await statementForPharmacy(deps, ctx, p.statementId, 'pharmacy.statements.confirm');
      return presentStatement(await statementConfirmer(deps, p.statementId, requireAccountActor(ctx).accountId));
    },
  }),
  defineRoute({
    operationId: 'settlements.approve',
    method: 'post',
    path: '/api/settlements/:statementId/approve',
    summary: '（管理员）审核通过结算单',
    tags: ['settlement', 'admin'],
    auth: 'session',
    params,
    response: statementView,
    errors: ['access_denied', 'statement_not_found', 'statement_not_confirmed'],
    handler: async ({ params: p, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.settlement.manage', { kind: 'programme' }, { statementId: p.statementId, step: 'approve' });
      return presentStatement(await statementApprover(deps, p.statementId, requireAccountActor(ctx).accountId));
    },
  }),
  defineRoute({
    operationId: 'settlements.markPaid',
    method: 'post',
    path: '/api/settlements/:statementId/paid',
    summary: '（管理员）结算单已付款，登记付款凭证号',
    tags: ['settlement', 'admin'],
    auth: 'session',
    params,
    body: z.object({ paymentReference: z.string().trim().min(1).max(64) }),
    response: statementView,
    errors: ['access_denied', 'statement_not_found', 'statement_not_approved'],
    handler: async ({ params: p, body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.settlement.manage', { kind: 'programme' }, { statementId: p.statementId, step: 'paid' });
      return presentStatement(await statementPayer(deps, p.statementId, requireAccountActor(ctx).accountId, body.paymentReference));
    },
  }),
  defineRoute({
    operationId: 'admin.generateStatements',
    method: 'post',
    path: '/api/admin/settlements/generate',
    summary: '（管理员）生成或重新生成已结束周期的结算单（已有结算单内容不变，差异会报告）',
    tags: ['settlement', 'admin'],
    auth: 'session',
    body: z.object({ periodKey }),
    response: z.object({ periodKey: z.string(), created: z.array(z.string()), unchanged: z.array(z.string()), differs: z.array(z.string()), rejected: z.array(z.object({ refId: z.string(), reason: z.string() })) }),
    errors: ['access_denied', 'settlement_period_not_closed', 'settlement_period_invalid'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.settlement.manage', { kind: 'programme' }, { periodKey: body.periodKey, step: 'generate' });
      return statementGenerator(deps, body.periodKey);
    },
  }),
  defineRoute({
    operationId: 'admin.settlementReconciliation',
    method: 'get',
    path: '/api/admin/settlements/reconciliation',
    summary: '（管理员）对账：各周期 Σ结算单 == Σ抵扣 − Σ冲回，且每笔抵扣恰好出现一次',
    tags: ['settlement', 'admin'],
    auth: 'session',
    query: z.object({ periodKey: periodKey.optional() }),
    response: z.object({
      ok: z.boolean(),
      periods: z.array(z.object({ periodKey: z.string(), statementsTotalFen: z.number(), capturedFen: z.number(), reversedFen: z.number(), balanced: z.boolean() })),
      discrepancies: z.array(z.record(z.string(), z.unknown())),
    }),
    errors: ['access_denied', 'settlement_period_invalid'],
    handler: async ({ query, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.settlement.manage', { kind: 'programme' }, { step: 'reconcile' });
      const report = await settlementReconciler(deps, query.periodKey ? { periodKey: query.periodKey } : {});
      return { ok: report.ok, periods: report.periods, discrepancies: report.discrepancies.map((d) => ({ ...d })) };
    },
  }),
];
