import { pendingSurveysView } from '../../shared/api/satisfaction';
import { parsed } from './apiSchema';
import { residentRequest } from './profile';

/**
 * What 首页 needs to know about the survey without loading its subpackage: how many recent services
 * wait for the resident's opinion. The response is checked against the same shared schema the
 * survey page (services/care.ts) reads it with.
 */
export async function pendingSurveyCount(): Promise<number> {
  return (await parsed(pendingSurveysView, residentRequest('/surveys'))).surveys.length;
}
