import { Types } from 'mongoose';
import { ManualClock } from '../../../server/clock';
import { dueItemsOf } from '../../../server/followups/dueItems';
import { createResident, giveDueFollowUps } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * A renewal signed before the current contract ends starts in the future. What is overdue today
 * must stay overdue, and no renewal is asked for any more: the contract in force governs, covered
 * through the renewal (shared/followup/contractInForce).
 */
describe('due items with a signed renewal that starts later', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { LOG_LEVEL: 'error' } });
  });
  afterAll(() => stack.stop());

  test('the overdue face-to-face follow-up stays; the renewal item goes away', async () => {
    const deps = stack.service.deps;
    const { residentId } = await createResident(stack);
    // In force since 2025-12-01 (ends 2026-12-01): nothing recorded, so everything counts from its start.
    await giveDueFollowUps(stack, { residentId, contractStartsOn: '2025-12-01' });
    const resident = await deps.models.Resident.findById(residentId).lean();
    const before = await dueItemsOf(deps, resident as never);
    expect(before.map((item) => item.kind)).toEqual(expect.arrayContaining(['faceToFaceFollowUp', 'contractRenewal']));
    const overdueVisit = before.find((item) => item.kind === 'faceToFaceFollowUp')!;

    await deps.models.Contract.create({
      institutionId: 'inst-east',
      residentId: new Types.ObjectId(residentId),
      sourceType: 'contract',
      sourceId: `renewal-${residentId}`,
      contentHash: 'renewal',
      teamId: 'team-east-1',
      startsOn: '2026-12-02',
      endsOn: '2027-12-01',
      status: 'active',
      data: { packageName: '高血压签约服务包' },
      importedAt: clock.now(),
      updatedAt: clock.now(),
    });
    const after = await dueItemsOf(deps, resident as never);
    expect(after.find((item) => item.kind === 'faceToFaceFollowUp')).toEqual(overdueVisit);
    expect(after.map((item) => item.kind)).not.toContain('contractRenewal');
  });
});
