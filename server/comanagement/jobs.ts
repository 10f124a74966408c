import type { JobRunner } from '../jobs/jobRunner';
import { comanagementFlagger } from './caseFlags';

export const flagResidentsJob = 'comanagement.flagResidents';

/** Every minute: the rules put newly uncontrolled or urgent residents in front of the specialists. */
export function registerComanagementJobs(runner: JobRunner): JobRunner {
  return runner.every(flagResidentsJob, 60_000, async ({ deps }) => comanagementFlagger(deps));
}
