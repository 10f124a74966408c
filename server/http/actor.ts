/** Who is calling. Authorization decisions (server/authz/can.ts) are made from this and nothing else. */
export type StaffRole = 'cashier' | 'doctor' | 'specialist' | 'admin';

/**
 * Where a staff account works: a cashier's pharmacy; a doctor's institution and team; a specialist's
 * hospital (`institutionId`) and the primary-care institutions assigned to them (分片包干).
 */
export interface StaffAffiliation {
  institutionId?: string;
  teamId?: string;
  pharmacyId?: string;
  coversInstitutionIds?: string[];
}

export interface AccountActor {
  kind: 'account';
  accountId: string;
  sessionId: string;
  roles: StaffRole[];
  /** The health archive this account is bound to; null until binding (and after consent withdrawal). */
  residentId: string | null;
  staff: StaffAffiliation;
}

/** A clinic information system, authenticated by an HMAC-signed request with its institution's key. */
export interface IntegrationActor {
  kind: 'integration';
  clientId: string;
  institutionId: string;
}

export type Actor = AccountActor | IntegrationActor;
