import { type Types } from 'mongoose';
import {
  adjustResults,
  captureResults,
  earnResults,
  holdCapturer,
  holdReleaser,
  holdResults,
  pointsAdjuster,
  pointsIssuer,
  pointsReverser,
  redemptionHolder,
  releaseResults,
  reverseResults,
  type LedgerDeps,
} from '../../../server/ledger';
import type { AdjustReasonCode } from '../../../shared/points/reasonLabels';
import type { ManualClock } from '../../../server/clock';
import { useTestDatabase } from '../../helpers/db';
import { ledgerDepsFor, newResident } from './ledgerHarness';

/**
 * Each row makes two of a command's refusals apply at once: the answer is the code earlier in the
 * command's precedence list (the list the command exports, not a copy of it).
 */
const db = useTestDatabase();
let deps: LedgerDeps & { clock: ManualClock };
beforeAll(async () => {
  deps = await ledgerDepsFor(db);
});

type Row = [label: string, codes: readonly string[], run: (r: Types.ObjectId) => Promise<{ result: string }>, first: string, second: string];

const future = () => new Date(deps.clock.now().getTime() + 15 * 60_000);
const past = () => new Date(deps.clock.now().getTime() - 60_000);
const earned = (r: Types.ObjectId, eventId: string) => pointsIssuer(deps, { eventId, eventType: 'contractSigned', residentId: r, occurredAt: deps.clock.now(), contracted: true });
const held = async (r: Types.ObjectId, holdId: string) => {
  await earned(r, `earn-${holdId}`);
  return redemptionHolder(deps, { holdId, residentId: r, points: 50, checkoutId: `co-${holdId}`, expiresAt: future() });
};
const adjust = (r: Types.ObjectId, input: Partial<Parameters<typeof pointsAdjuster>[1]>) =>
  pointsAdjuster(deps, { adjustmentId: 'adjust-1', residentId: r, deltaPoints: 10, reasonCode: 'correction' satisfies AdjustReasonCode, note: 'why', actor: 'account:a', ...input });

const rows: Row[] = [
  ['hold: bad points before a missing hold id', holdResults, (r) => redemptionHolder(deps, { holdId: '', residentId: r, points: 0, checkoutId: 'co', expiresAt: future() }), 'points_must_be_positive_integer', 'hold_id_required'],
  ['hold: a past expiry before too few points', holdResults, (r) => redemptionHolder(deps, { holdId: 'h-past', residentId: r, points: 1, checkoutId: 'co', expiresAt: past() }), 'expires_at_must_be_in_future', 'insufficient_available_points'],
  ['capture: bad points before an unknown hold', captureResults, () => holdCapturer(deps, { holdId: 'nowhere', points: 0 }), 'points_must_be_positive_integer', 'hold_not_found'],
  [
    'capture: a reused key before a closed hold',
    captureResults,
    async (r) => {
      await held(r, 'h-cap');
      await holdCapturer(deps, { holdId: 'h-cap', points: 50 });
      return holdCapturer(deps, { holdId: 'h-cap', points: 40 });
    },
    'exists_with_different_amount',
    'hold_already_captured',
  ],
  [
    'release: a reused key before a released hold',
    releaseResults,
    async (r) => {
      await held(r, 'h-rel');
      await holdReleaser(deps, { holdId: 'h-rel', actor: 'account:a' });
      return holdReleaser(deps, { holdId: 'h-rel', actor: 'account:b' });
    },
    'exists_with_different_payload',
    'hold_already_released',
  ],
  ['earn: an unknown type before a missing event id', earnResults, (r) => pointsIssuer(deps, { eventId: '', eventType: 'nothing' as 'contractSigned', residentId: r, occurredAt: deps.clock.now(), contracted: true }), 'event_type_unknown', 'event_id_required'],
  [
    'earn: a reused key before an event too old',
    earnResults,
    async (r) => {
      await earned(r, 'e-old');
      return pointsIssuer(deps, { eventId: 'e-old', eventType: 'contractSigned', residentId: r, occurredAt: new Date('2020-01-01T00:00:00Z'), contracted: true });
    },
    'exists_with_different_payload',
    'not_eligible_event_too_old',
  ],
  ['adjust: a missing actor before an unknown reason', adjustResults, (r) => adjust(r, { actor: '', reasonCode: 'nothing' as AdjustReasonCode }), 'actor_required', 'reason_code_unknown'],
  ['adjust: a missing note before a zero delta', adjustResults, (r) => adjust(r, { note: ' ', deltaPoints: 0 }), 'note_required', 'delta_points_must_be_nonzero_integer'],
  [
    'reverse: a bad refund before a bad paid total',
    reverseResults,
    () => pointsReverser(deps, { reversalId: 'rev-1', holdId: 'nowhere', refundFen: 0, paidTotalFen: 0 }),
    'refund_fen_must_be_positive_integer',
    'paid_total_fen_must_be_positive_integer',
  ],
  ['reverse: an unknown hold before an uncaptured one', reverseResults, () => pointsReverser(deps, { reversalId: 'rev-2', holdId: 'nowhere', refundFen: 100, paidTotalFen: 100 }), 'hold_not_found', 'hold_not_captured'],
];

test.each(rows)('%s', async (_label, codes, run, first, second) => {
  expect(codes.indexOf(first)).toBeGreaterThanOrEqual(0);
  expect(codes.indexOf(first)).toBeLessThan(codes.indexOf(second));
  expect((await run(newResident())).result).toBe(first);
});
