import { z } from 'zod';
import { authorize, requireAccountActor } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { notFound } from '../http/errors';
import { cashierInvitationAcceptor, cashierInvitationIssuer, pharmacyRegistrar, presentPharmacy } from '../pharmacies/pharmacies';
import { cashierInvitationAcceptedView, pharmacyId, pharmacyRegistrationBody, pharmacyView } from '../../shared/api/checkout';
import { allPharmacies, pharmacyById } from '../pharmacies/pharmacyReader';

/** Admin registers partner pharmacies and invites their cashiers; a cashier accepts. */
export const pharmacyRoutes = [
  defineRoute({
    operationId: 'admin.registerPharmacy',
    method: 'post',
    path: '/api/admin/pharmacies',
    summary: '（管理员）登记合作药店：名称、药品经营许可证号、地址、结算账户',
    tags: ['admin', 'pharmacy'],
    auth: 'session',
    body: pharmacyRegistrationBody,
    response: pharmacyView,
    successStatus: 201,
    links: {
      read: { operationId: 'pharmacies.profile', parameters: { pharmacyId: '$response.body#/data/pharmacyId' } },
      inviteCashier: { operationId: 'admin.issueCashierInvitation', parameters: { pharmacyId: '$response.body#/data/pharmacyId' } },
    },
    errors: ['access_denied', 'pharmacy_licence_number_taken'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.pharmacies.manage', { kind: 'programme' }, { name: body.name, licenceNumber: body.licenceNumber });
      return presentPharmacy(await pharmacyRegistrar(deps, { ...body, actor: requireAccountActor(ctx) }), true);
    },
  }),
  defineRoute({
    operationId: 'admin.listPharmacies',
    method: 'get',
    path: '/api/admin/pharmacies',
    summary: '（管理员）合作药店列表',
    tags: ['admin', 'pharmacy'],
    auth: 'session',
    response: z.object({ pharmacies: z.array(pharmacyView) }),
    errors: ['access_denied'],
    handler: async ({ ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.pharmacies.manage', { kind: 'programme' });
      const pharmacies = await allPharmacies(deps);
      return { pharmacies: pharmacies.map((p) => presentPharmacy(p, true)) };
    },
  }),
  defineRoute({
    operationId: 'admin.issueCashierInvitation',
    method: 'post',
    path: '/api/admin/pharmacies/:pharmacyId/cashier-invitations',
    summary: '（管理员）为药店发放一次性收银员邀请码',
    tags: ['admin', 'pharmacy'],
    auth: 'session',
    params: z.object({ pharmacyId }),
    response: z.object({ invitationId: z.string(), pharmacyId: z.string(), pharmacyName: z.string(), code: z.string(), qrPayload: z.string(), expiresAt: z.date().transform((d) => d.toISOString()) }),
    successStatus: 201,
    errors: ['access_denied', 'pharmacy_not_found'],
    handler: async ({ params, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.pharmacies.manage', { kind: 'programme' }, { pharmacyId: params.pharmacyId });
      return cashierInvitationIssuer(deps, { pharmacyId: params.pharmacyId, actor: requireAccountActor(ctx) });
    },
  }),
  defineRoute({
    operationId: 'cashier.acceptInvitation',
    method: 'post',
    path: '/api/cashier-invitations/accept',
    summary: '收银员接受邀请，进入药店模式（邀请码本身即凭证）',
    tags: ['pharmacy'],
    auth: 'session',
    body: z.object({ code: z.string().min(1).max(32) }),
    response: cashierInvitationAcceptedView,
    errors: ['cashier_invitation_invalid', 'cashier_invitation_used', 'cashier_invitation_expired'],
    handler: async ({ body, ctx, deps }) => cashierInvitationAcceptor(deps, { actor: requireAccountActor(ctx), code: body.code }),
  }),
  defineRoute({
    operationId: 'pharmacies.profile',
    method: 'get',
    path: '/api/pharmacies/:pharmacyId',
    summary: '（本店收银员、管理员）药店信息',
    tags: ['pharmacy'],
    auth: 'session',
    params: z.object({ pharmacyId }),
    response: pharmacyView,
    errors: ['access_denied', 'pharmacy_not_found'],
    handler: async ({ params, ctx, deps }) => {
      const decision = await authorize({ deps, ctx }, 'pharmacy.profile.read', { kind: 'pharmacy', pharmacyId: params.pharmacyId });
      const pharmacy = await pharmacyById(deps, params.pharmacyId);
      if (!pharmacy) throw notFound('pharmacy_not_found');
      return presentPharmacy(pharmacy, decision.basis === 'admin');
    },
  }),
];
