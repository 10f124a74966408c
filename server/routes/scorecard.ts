import { z } from 'zod';
import { scorecardQuery, scorecardView, type ScorecardQuery } from '../../shared/api/scorecard';
import { institutionOfTeam } from '../admin/organisationReader';
import { authorize } from '../authz/authorize';
import type { AppDeps } from '../deps';
import { forbidden, notFound } from '../http/errors';
import { defineRoute, type ApiContext } from '../http/route';
import { scorecardBuilder } from '../scorecard/scorecard';
import { scorecardCsv } from '../scorecard/scorecardCsv';

/**
 * 履约考核 (server/scorecard): programme admins compare every team and institution
 * (`programme.reports.read`); a team lead sees their own team (`team.scorecard.read`). Aggregate
 * figures only, no individual's data; every read audited.
 */
async function authorizeScorecard(deps: AppDeps, ctx: ApiContext, query: ScorecardQuery) {
  // A doctor naming no team means their own (the team lead's page); an admin naming none, every team.
  const actor = ctx.state.actor;
  const ownTeam = actor?.kind === 'account' && !actor.roles.includes('admin') ? actor.staff.teamId : undefined;
  const q = query.teamId || !ownTeam ? query : { ...query, teamId: ownTeam };
  if (!q.teamId) {
    await authorize({ deps, ctx }, 'programme.reports.read', { kind: 'programme' }, { report: 'scorecard', ...q });
    return q;
  }
  const institutionId = await institutionOfTeam(deps, q.teamId);
  if (!institutionId) {
    if (actor?.kind === 'account' && actor.roles.includes('admin')) throw notFound('team_not_found');
    throw forbidden('access_denied');
  }
  await authorize({ deps, ctx }, 'team.scorecard.read', { kind: 'team', institutionId, teamId: q.teamId }, { report: 'scorecard', ...q });
  return { ...q, institutionId };
}

export const scorecardRoutes = [
  defineRoute({
    operationId: 'scorecard.get',
    method: 'get',
    path: '/api/scorecard',
    summary: '履约考核：签约续约、规范管理率、各病种达标率、首诊、上转下转、满意度、人均积分（各附计算方法）；管理员看全部团队，团队长看本团队',
    tags: ['reports', 'scorecard'],
    auth: 'session',
    query: scorecardQuery,
    response: scorecardView,
    errors: ['access_denied', 'report_period_invalid', 'team_not_found'],
    handler: async ({ query, ctx, deps }) => scorecardBuilder(deps, await authorizeScorecard(deps, ctx, query)),
  }),
  defineRoute({
    operationId: 'scorecard.csv',
    method: 'get',
    path: '/api/scorecard.csv',
    summary: '导出履约考核 CSV（UTF-8 BOM，Excel 可直接打开），末尾附每项指标的计算方法',
    tags: ['reports', 'scorecard'],
    auth: 'session',
    query: scorecardQuery,
    responseKind: 'file',
    response: z.object({ filename: z.string(), contentType: z.string(), content: z.string() }),
    errors: ['access_denied', 'report_period_invalid', 'team_not_found'],
    handler: async ({ query, ctx, deps }) => {
      const card = await scorecardBuilder(deps, await authorizeScorecard(deps, ctx, query));
      return { filename: `履约考核-${card.period.from}-${card.period.to}.csv`, contentType: 'text/csv; charset=utf-8', content: scorecardCsv(card) };
    },
  }),
];
