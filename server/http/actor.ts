/** Who is calling. Authorization decisions are made from this and nothing else. */
export type StaffRole = 'cashier' | 'doctor' | 'admin';

export interface AccountActor {
  kind: 'account';
  accountId: string;
  sessionId: string;
  roles: StaffRole[];
}

export interface IntegrationActor {
  kind: 'integration';
  clientId: string;
  institutionId: string;
}

export type Actor = AccountActor | IntegrationActor;
