import type { PendingSurveysView } from '../../shared/api/satisfaction';
import { residentRequest } from './profile';

/**
 * What 首页 needs to know about the survey without loading its subpackage (nor zod into the main
 * package): how many recent services wait for the resident's opinion. The survey page itself reads
 * and checks the full response (services/care.ts).
 */
export async function pendingSurveyCount(): Promise<number> {
  const data = await residentRequest<Partial<PendingSurveysView> | null>('/surveys');
  return Array.isArray(data?.surveys) ? data.surveys.length : 0;
}
