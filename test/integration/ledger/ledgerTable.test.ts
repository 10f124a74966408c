import { type Types } from 'mongoose';
import {
  holdCapturer,
  holdExpirer,
  holdReleaser,
  ledgerReconciler,
  pointsAdjuster,
  pointsExpirer,
  pointsIssuer,
  pointsReverser,
  redemptionHolder,
  walletReader,
  type LedgerDeps,
  type OpResult,
} from '../../../server/ledger';
import type { ManualClock } from '../../../server/clock';
import { useTestDatabase } from '../../helpers/db';
import { ledgerDepsFor, newResident, walletNumbers } from './ledgerHarness';
import { ledgerLines } from '../../helpers/ledger';

/**
 * TigerBeetle-style tables: each row is an operation, its expected result code and the wallet
 * (balance / held / available) after it. Idempotency is checked first in every table.
 */
const db = useTestDatabase();
let deps: LedgerDeps & { clock: ManualClock };
beforeAll(async () => {
  deps = await ledgerDepsFor(db);
});

type Row = [label: string, run: (r: Types.ObjectId) => Promise<OpResult>, code: string, balance: number, held: number];

async function runTable(rows: Row[]): Promise<Types.ObjectId> {
  const r = newResident();
  for (const [label, run, code, balance, held] of rows) {
    const result = await run(r);
    const numbers = await walletNumbers(deps, r);
    expect({ label, code: result.result, ...numbers }).toEqual({ label, code, balance, held, available: balance - held });
  }
  expect(await ledgerReconciler(deps, { residentIds: [r] })).toEqual([]);
  return r;
}

const at = '2026-03-10T02:00:00Z';
const earn = (eventId: string, eventType: Parameters<typeof pointsIssuer>[1]['eventType'], extra: Partial<Parameters<typeof pointsIssuer>[1]> = {}) => (r: Types.ObjectId) =>
  pointsIssuer(deps, { eventId, eventType, residentId: r, occurredAt: new Date(at), contracted: true, ...extra });
const hold = (holdId: string, points: number, minutes = 15) => (r: Types.ObjectId) =>
  redemptionHolder(deps, { holdId, residentId: r, points, checkoutId: `co-${holdId}`, expiresAt: new Date(deps.clock.now().getTime() + minutes * 60_000) });
const capture = (holdId: string, points: number) => () => holdCapturer(deps, { holdId, points });
const release = (holdId: string) => () => holdReleaser(deps, { holdId });

test('earning: idempotency first, then eligibility and caps', async () => {
  await runTable([
    ['contract signed', earn('e1', 'contractSigned'), 'earned', 200, 0],
    ['same event again', earn('e1', 'contractSigned'), 'exists', 200, 0],
    ['same event id, other payload', earn('e1', 'contractRenewed'), 'exists_with_different_payload', 200, 0],
    ['uncontracted follow-up', earn('e2', 'faceToFaceFollowUp', { contracted: false }), 'not_eligible_uncontracted', 200, 0],
    ['home reading without measure', earn('e3', 'homeReading'), 'not_eligible_sub_key_required', 200, 0],
    ['达标 on home readings', earn('e4', 'quarterlyAtTarget', { verifiedBy: 'home' }), 'not_eligible_home_readings_only', 200, 0],
    ['达标 clinic verified', earn('e5', 'quarterlyAtTarget', { verifiedBy: 'clinic' }), 'earned', 300, 0],
    ['home reading bp', earn('e6', 'homeReading', { subKey: 'bp' }), 'earned', 302, 0],
    ['second bp reading today', earn('e7', 'homeReading', { subKey: 'bp' }), 'capped_by_daily_limit', 302, 0],
    ['glucose reading today', earn('e8', 'homeReading', { subKey: 'glucose' }), 'earned', 304, 0],
    ['education 1', earn('e9', 'healthEducation'), 'earned', 324, 0],
    ['education 2', earn('e10', 'healthEducation'), 'earned', 344, 0],
    ['education 3', earn('e11', 'healthEducation'), 'earned', 364, 0],
    ['education 4', earn('e12', 'healthEducation'), 'earned', 384, 0],
    ['education 5 (≤ 4 a month)', earn('e13', 'healthEducation'), 'capped_by_monthly_limit', 384, 0],
    ['event from two years ago', earn('e14', 'contractSigned', { occurredAt: new Date('2024-06-01T00:00:00Z') }), 'not_eligible_event_too_old', 384, 0],
  ]);
});

test('the yearly cap records the excess without crediting it', async () => {
  const rows: Row[] = [];
  for (let i = 0; i < 10; i += 1) rows.push([`contract ${i}`, earn(`y${i}`, 'contractSigned'), 'earned', 200 * (i + 1), 0]);
  rows.push(['over 2000', earn('y10', 'contractSigned'), 'capped_by_yearly_limit', 2000, 0]);
  const r = await runTable(rows);
  const view = await walletReader(deps, { residentId: r, pageSize: 1 });
  expect(view.statement.items[0]).toMatchObject({ points: 0, cappedPoints: 200, balanceAfterPoints: 2000, reasonText: '签约家庭医生（已达上限，200 积分未计入）' });
});

test('holds: idempotency first (exists, exists_with_different_amount), then limits', async () => {
  await runTable([
    ['earn', earn('h-e1', 'contractSigned'), 'earned', 200, 0],
    ['earn', earn('h-e2', 'contractSigned'), 'earned', 400, 0],
    ['hold 150', hold('H1', 150), 'held', 400, 150],
    ['same hold again', hold('H1', 150), 'exists', 400, 150],
    ['same hold id, other amount', hold('H1', 151), 'exists_with_different_amount', 400, 150],
    ['zero points', hold('H2', 0), 'points_must_be_positive_integer', 400, 150],
    ['below minimum', hold('H3', 9), 'below_minimum', 400, 150],
    ['expiry in the past', hold('H4', 50, -1), 'expires_at_must_be_in_future', 400, 150],
    ['more than available', hold('H5', 251), 'insufficient_available_points', 400, 150],
    ['exactly available', hold('H6', 250), 'held', 400, 400],
    ['nothing left', hold('H7', 10), 'insufficient_available_points', 400, 400],
    ['release H6', release('H6'), 'released', 400, 150],
    ['release H6 again', release('H6'), 'exists', 400, 150],
    ['capture H6 after release', capture('H6', 10), 'hold_already_released', 400, 150],
    ['capture more than held', capture('H1', 151), 'capture_exceeds_hold', 400, 150],
    ['capture part of H1', capture('H1', 100), 'captured', 300, 0],
    ['capture H1 again', capture('H1', 100), 'exists', 300, 0],
    ['capture H1, other amount', capture('H1', 120), 'exists_with_different_amount', 300, 0],
    ['release captured H1', release('H1'), 'hold_already_captured', 300, 0],
    ['capture unknown hold', capture('nope', 10), 'hold_not_found', 300, 0],
    // This month: H1 150 + H6 250, H6 released, 50 of H1 released at capture → 100 of 500 used.
    ['earn', earn('h-e3', 'contractSigned'), 'earned', 500, 0],
    ['earn', earn('h-e4', 'contractSigned'), 'earned', 700, 0],
    ['hold over the monthly cap', hold('H8', 401), 'exceeds_monthly_redemption_cap', 700, 0],
    ['hold up to the monthly cap', hold('H9', 400), 'held', 700, 400],
    ['release H9', release('H9'), 'released', 700, 0],
  ]);
});

test('reversal restores captured points proportionally, never more than captured', async () => {
  const refund = (reversalId: string, holdId: string, refundFen: number, paidTotalFen = 3000) => () => pointsReverser(deps, { reversalId, holdId, refundFen, paidTotalFen });
  await runTable([
    ['earn', earn('r-e1', 'contractSigned'), 'earned', 200, 0],
    ['hold', hold('R1', 100), 'held', 200, 100],
    ['refund before capture', refund('rf0', 'R1', 100), 'hold_not_captured', 200, 100],
    ['capture', capture('R1', 100), 'captured', 100, 0],
    ['refund a third', refund('rf1', 'R1', 1000), 'reversed', 133, 0],
    ['same refund again', refund('rf1', 'R1', 1000), 'exists', 133, 0],
    ['same refund id, other amount', refund('rf1', 'R1', 1001), 'exists_with_different_amount', 133, 0],
    ['other paid total', refund('rf2', 'R1', 1000, 4000), 'paid_total_mismatch', 133, 0],
    ['refund too much', refund('rf3', 'R1', 2001), 'refund_exceeds_paid_amount', 133, 0],
    ['refund the rest', refund('rf4', 'R1', 2000), 'reversed', 200, 0],
    ['refund anything more', refund('rf5', 'R1', 1), 'refund_exceeds_paid_amount', 200, 0],
  ]);
});

test('admin adjustments need a reason and cannot make available negative', async () => {
  const adjust = (adjustmentId: string, deltaPoints: number, note = '核对纸质记录') => (r: Types.ObjectId) =>
    pointsAdjuster(deps, { adjustmentId, residentId: r, deltaPoints, reasonCode: 'missed_earning', note, actor: 'admin:7' });
  const r = await runTable([
    ['no note', adjust('a0', 50, ' '), 'note_required', 0, 0],
    ['add 50', adjust('a1', 50), 'adjusted', 50, 0],
    ['again', adjust('a1', 50), 'exists', 50, 0],
    ['same id, other amount', adjust('a1', 60), 'exists_with_different_amount', 50, 0],
    ['hold 20', hold('A-H', 20), 'held', 50, 20],
    ['take 31', adjust('a2', -31), 'would_make_available_negative', 50, 20],
    ['take 30', adjust('a3', -30), 'adjusted', 20, 20],
  ]);
  const entry = (await ledgerLines(deps, { residentId: r })).find((line) => line.type === 'adjust');
  expect(entry).toMatchObject({ actor: 'admin:7', reasonCode: 'adjust_missed_earning', note: '核对纸质记录' });
});

test('holds expire with the clock; lots expire on 1 Jan of Y+2 except points still held', async () => {
  const r = newResident();
  expect((await earn('x-e1', 'contractSigned')(r)).result).toBe('earned');
  expect((await hold('X1', 50)(r)).result).toBe('held');
  expect((await holdExpirer(deps)).expired).toBe(0);
  deps.clock.advanceMs(15 * 60_000);
  expect((await capture('X1', 50)()).result).toBe('hold_expired');
  expect((await holdExpirer(deps)).results).toContainEqual(expect.objectContaining({ result: 'expired', holdId: 'X1' }));
  expect(await walletNumbers(deps, r)).toEqual({ balance: 200, held: 0, available: 200 });
  expect((await release('X1')()).result).toBe('hold_already_expired');

  // 30 days before expiry the resident is told; then a hold keeps 40 points past the expiry.
  deps.clock.set(new Date('2027-12-05T00:00:00Z'));
  const view = await walletReader(deps, { residentId: r });
  expect(view.expiringSoon).toEqual([{ points: 200, lastDay: '2027-12-31', text: '200 积分将于 2027年12月31日到期' }]);
  expect((await hold('X2', 40, 60 * 24 * 30)(r)).result).toBe('held');
  deps.clock.set(new Date('2027-12-31T16:00:00Z'));
  await pointsExpirer(deps);
  expect(await walletNumbers(deps, r)).toEqual({ balance: 40, held: 40, available: 0 });
  // Later passes no longer see the lot's commit in their window: they revisit the held-back wallet.
  deps.clock.advanceMs(60 * 60_000);
  await pointsExpirer(deps);
  expect(await walletNumbers(deps, r)).toEqual({ balance: 40, held: 40, available: 0 });
  expect((await capture('X2', 30)()).result).toBe('captured');
  deps.clock.advanceMs(60 * 60_000);
  await pointsExpirer(deps);
  expect(await walletNumbers(deps, r)).toEqual({ balance: 0, held: 0, available: 0 });
  expect(await ledgerReconciler(deps, { residentIds: [r] })).toEqual([]);
  deps.clock.set(new Date('2026-03-10T02:00:00Z'));
});

test('the statement shows each line with its running balance, filtered by month and type', async () => {
  const r = newResident();
  await earn('s-e1', 'contractSigned')(r);
  await hold('S1', 80)(r);
  await capture('S1', 50)();
  deps.clock.set(new Date('2026-04-02T02:00:00Z'));
  await pointsIssuer(deps, { eventId: 's-e2', eventType: 'phoneFollowUp', residentId: r, occurredAt: deps.clock.now(), contracted: true });
  const all = await walletReader(deps, { residentId: r });
  expect(all.statement.items.map((i) => [i.type, i.points, i.balanceAfterPoints, i.reasonText])).toEqual([
    ['earn', 10, 160, '完成电话随访'],
    ['release', 0, 150, '药店抵扣未用完，积分解冻'],
    ['capture', -50, 150, '药店购药抵扣'],
    ['hold', 0, 200, '药店抵扣（积分冻结中）'],
    ['earn', 200, 200, '签约家庭医生'],
  ]);
  const march = await walletReader(deps, { residentId: r, month: '2026-03', types: ['capture', 'earn'] });
  expect(march.statement.items.map((i) => i.type)).toEqual(['capture', 'earn']);
  const page1 = await walletReader(deps, { residentId: r, pageSize: 2 });
  const page2 = await walletReader(deps, { residentId: r, pageSize: 2, cursor: page1.statement.nextCursor ?? undefined });
  expect(page2.statement.items[0]?.type).toBe('capture');
  deps.clock.set(new Date('2026-03-10T02:00:00Z'));
});

test('the reconciler reports a wallet whose commits do not add up', async () => {
  const r = newResident();
  await earn('k-e1', 'contractSigned')(r);
  await earn('k-e2', 'phoneFollowUp')(r);
  // Tampering behind the engine's back: a commit claims 50 points its lines do not give, and one vanishes.
  await deps.models.LedgerCommit.collection.updateOne({ _id: 'earn:k-e2' } as never, { $inc: { 'state.balancePoints': 50 } });
  await deps.models.LedgerCommit.collection.deleteOne({ _id: 'earn:k-e1' } as never);
  const checks = (await ledgerReconciler(deps, { residentIds: [r] })).map((d) => d.check);
  expect(checks).toEqual(expect.arrayContaining(['seqs_contiguous', 'balance_equals_entries', 'lots_equal_balance', 'lots_match_entries']));
});
