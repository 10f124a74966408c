import { maskIdNumber, maskPhone, normalizePersonName, validateIdNumber, validatePersonName, validatePhone } from '../../shared/identity';
import { ageInYearsOn, shanghaiDate } from '../../shared/time/shanghai';
import type { AccessBasis } from '../authz/can';
import type { AppDeps } from '../deps';
import { badRequest } from '../http/errors';
import type { ResidentDoc } from '../models/resident';
import { decryptField, encryptField, lookupHash } from '../privacy/fieldCrypto';

/**
 * Writing and presenting health archives. The plaintext ID number and phone exist only in memory:
 * stored encrypted plus a keyed hash, presented masked (full values only through the audited staff
 * route).
 */
export interface ArchiveInput {
  name: string;
  idNumber: string;
  phone?: string | null;
  institutionId: string;
  teamId?: string | null;
}

export function idNumberHashOf(deps: AppDeps, normalizedIdNumber: string): string {
  return lookupHash(deps.config.crypto, 'idNumber', normalizedIdNumber);
}

export function phoneHashOf(deps: AppDeps, normalizedPhone: string): string {
  return lookupHash(deps.config.crypto, 'phone', normalizedPhone);
}

/** Creates the archive, or returns the existing one with the same ID number (idempotent imports and seeds). */
export async function residentArchiveWriter(deps: AppDeps, input: ArchiveInput) {
  const name = validatePersonName(input.name);
  if (!name.ok) throw badRequest(name.reason);
  const id = validateIdNumber(input.idNumber, deps.clock.now());
  if (!id.ok) throw badRequest(id.reason);
  let phone: string | null = null;
  if (input.phone) {
    const checked = validatePhone(input.phone);
    if (!checked.ok) throw badRequest(checked.reason);
    phone = checked.value;
  }
  const keys = deps.config.crypto;
  const idNumberHash = idNumberHashOf(deps, id.value);
  const resident = await deps.models.Resident.findOneAndUpdate(
    { idNumberHash },
    {
      $setOnInsert: {
        name: name.value,
        idNumberEncrypted: encryptField(keys, 'idNumber', id.value),
        idNumberHash,
        phoneEncrypted: phone ? encryptField(keys, 'phone', phone) : null,
        phoneHash: phone ? phoneHashOf(deps, phone) : null,
        birthDate: id.birthDate,
        sex: id.sex,
        institutionId: input.institutionId,
        teamId: input.teamId ?? null,
        status: 'active',
        accountId: null,
        boundAt: null,
      },
    },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  if (!resident) throw new Error('resident upsert returned nothing');
  return resident;
}

type StoredResident = Pick<ResidentDoc, 'name' | 'idNumberEncrypted' | 'phoneEncrypted' | 'birthDate' | 'sex' | 'institutionId' | 'teamId'> & { _id: unknown };

/** Who looks at a profile: the resident, a family proxy, or staff (the team's doctor, an administrator). */
export type ProfileViewer = 'self' | 'proxy' | 'staff';

/**
 * The archive as its viewer may see it (README "Masking"): the ID number's last 4 only and the age
 * instead of the birth date for everyone, so the shown fields never rebuild the number; a family
 * proxy sees only the phone's last 4. Full identifiers only through the audited staff routes.
 */
export function presentResidentProfile(deps: AppDeps, resident: StoredResident, viewer: ProfileViewer) {
  const keys = deps.config.crypto;
  return {
    residentId: String(resident._id),
    name: resident.name,
    idNumberMasked: maskIdNumber(decryptField(keys, 'idNumber', resident.idNumberEncrypted)),
    phoneMasked: resident.phoneEncrypted ? maskPhone(decryptField(keys, 'phone', resident.phoneEncrypted), { lastFourOnly: viewer === 'proxy' }) : null,
    ageYears: ageInYearsOn(resident.birthDate, shanghaiDate(deps.clock.now())),
    sex: resident.sex as 'male' | 'female',
    institutionId: resident.institutionId,
    teamId: resident.teamId ?? null,
  };
}

/** The viewer an access decision stands for. */
export function profileViewerOf(basis: AccessBasis): ProfileViewer {
  return basis === 'self' ? 'self' : basis === 'proxy' ? 'proxy' : 'staff';
}

/** Full identifiers, for the audited staff route only. */
export function revealResidentIdentifiers(deps: AppDeps, resident: StoredResident) {
  const keys = deps.config.crypto;
  return {
    idNumber: decryptField(keys, 'idNumber', resident.idNumberEncrypted),
    phone: resident.phoneEncrypted ? decryptField(keys, 'phone', resident.phoneEncrypted) : null,
  };
}

/** Names compare after the same normalization the resident's input gets. */
export function sameName(stored: string, typed: string): boolean {
  return normalizePersonName(stored) === normalizePersonName(typed);
}
