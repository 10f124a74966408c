import { contractInForce, type ContractPeriod } from '../../../../shared/followup/contractInForce';

const c = (startsOn: string, endsOn: string, status: ContractPeriod['status'] = 'active') => ({ startsOn, endsOn, status });
const current = c('2026-07-24', '2027-07-23');
const renewal = c('2027-07-24', '2028-07-23');
const gapRenewal = c('2027-09-01', '2028-08-31');

describe('contractInForce: the contract governing today and the coverage through renewals', () => {
  test.each([
    ['no contracts', [], '2026-11-23', null],
    ['the one in force', [current], '2026-11-23', { contract: current, coveredUntil: '2027-07-23' }],
    ['a signed renewal that starts later does not replace it', [renewal, current], '2026-11-23', { contract: current, coveredUntil: '2028-07-23' }],
    ['the renewal governs from its first day', [current, renewal], '2027-07-24', { contract: renewal, coveredUntil: '2028-07-23' }],
    ['the old one still governs on its last day', [current, renewal], '2027-07-23', { contract: current, coveredUntil: '2028-07-23' }],
    ['a renewal after a gap does not extend the coverage', [current, gapRenewal], '2026-11-23', { contract: current, coveredUntil: '2027-07-23' }],
    ['in the gap: the ended contract', [current, gapRenewal], '2027-08-10', { contract: current, coveredUntil: '2027-07-23' }],
    ['only a future contract: that one', [renewal], '2026-11-23', { contract: renewal, coveredUntil: '2028-07-23' }],
    ['a terminated contract never counts', [c('2026-07-24', '2027-07-23', 'terminated')], '2026-11-23', null],
    ['an ended contract marked expired', [c('2025-01-01', '2025-12-31', 'expired')], '2026-11-23', { contract: c('2025-01-01', '2025-12-31', 'expired'), coveredUntil: '2025-12-31' }],
  ])('%s', (_name, contracts, today, expected) => {
    expect(contractInForce(contracts, today)).toEqual(expected);
  });
});
