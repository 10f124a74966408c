import { checkoutSweeper } from '../../../server/checkout/checkoutSweeper';
import { moveCheckout } from '../../../server/checkout/checkoutStates';
import { holdCapturer, redemptionHolder } from '../../../server/ledger/commands';
import { ledgerReconciler } from '../../../server/ledger/ledgerReconciler';
import { api, checkoutDoc, createCheckout, heldCheckout, issueCode, newResident, startCheckoutWorld, wallet, type CheckoutWorld } from './harness';

describe('checkout concurrency and crash recovery', () => {
  let w: CheckoutWorld;
  beforeAll(async () => {
    w = await startCheckoutWorld();
  });
  afterAll(() => w.stack.stop());

  test('the same code scanned twice at once makes one checkout', async () => {
    const r = await newResident(w, 1000);
    const code = await issueCode(w, r.token, r.residentId);
    const results = await Promise.all([createCheckout(w, code), createCheckout(w, code), createCheckout(w, code)]);
    expect(results.filter((x) => x.status === 201)).toHaveLength(1);
    expect(results.filter((x) => x.body.error?.code === 'redemption_code_used')).toHaveLength(2);
    expect(await w.deps.models.Checkout.countDocuments({ residentId: r.residentId })).toBe(1);
  });

  test('checkouts racing for the same points never overspend: exactly those that fit are held', async () => {
    const r = await newResident(w, 300);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await createCheckout(w, await issueCode(w, r.token, r.residentId), { totalFen: 3000, selfPaidFen: 3000, eligibleSelfPaidFen: 2000 });
      expect(created.body.data.maxPoints).toBe(100);
      ids.push(created.body.data.checkoutId);
    }
    // 4 × 100 points against 300 available: three fit.
    const confirmations = await Promise.all(ids.map((id) => api(w, r.token).post(`/api/residents/${r.residentId}/checkouts/${id}/confirm`)));
    expect(confirmations.filter((c) => c.status === 200)).toHaveLength(3);
    expect(confirmations.filter((c) => c.body.error?.code === 'insufficient_available_points')).toHaveLength(1);
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 300, heldPoints: 300 });
    expect(await ledgerReconciler(w.deps)).toEqual([]);
  });

  test('crash after the local write, before the hold: the sweeper places the hold and moves on', async () => {
    const r = await newResident(w, 1000);
    const created = await createCheckout(w, await issueCode(w, r.token, r.residentId));
    const id = created.body.data.checkoutId as string;
    const now = w.clock.now();
    await moveCheckout(w.deps, id, 'awaiting_confirmation', 'holding', 'test', {
      points: 400,
      pointsValueFen: 4000,
      remainderFen: 8000,
      confirmedBy: { accountId: r.accountId, basis: 'self', proxyLinkId: null },
      paymentDeadline: new Date(now.getTime() + 15 * 60_000),
      holdExpiresAt: new Date(now.getTime() + 75 * 60_000),
    });
    w.clock.advanceMs(31_000);
    await checkoutSweeper(w.deps);
    expect((await checkoutDoc(w, id)).state).toBe('awaiting_payment');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 400 });
  });

  test('crash after the hold was placed, before the state advanced: replay finds the hold, holds nothing twice', async () => {
    const r = await newResident(w, 1000);
    const created = await createCheckout(w, await issueCode(w, r.token, r.residentId));
    const id = created.body.data.checkoutId as string;
    const now = w.clock.now();
    const holdExpiresAt = new Date(now.getTime() + 75 * 60_000);
    await moveCheckout(w.deps, id, 'awaiting_confirmation', 'holding', 'test', {
      points: 400,
      pointsValueFen: 4000,
      remainderFen: 8000,
      confirmedBy: { accountId: r.accountId, basis: 'self', proxyLinkId: null },
      paymentDeadline: new Date(now.getTime() + 15 * 60_000),
      holdExpiresAt,
    });
    expect((await redemptionHolder(w.deps, { holdId: id, residentId: r.residentId, points: 400, expiresAt: holdExpiresAt, checkoutId: id, actor: r.accountId })).result).toBe('held');
    w.clock.advanceMs(31_000);
    await checkoutSweeper(w.deps);
    expect((await checkoutDoc(w, id)).state).toBe('awaiting_payment');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 400 });
    // And if then nobody pays, the 15-minute rule releases it.
    w.clock.advanceMs(15 * 60_000);
    await checkoutSweeper(w.deps);
    expect((await checkoutDoc(w, id)).state).toBe('cancelled');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 0 });
  });

  test('crash during capture (paid, captured in the ledger, state not advanced): the sweeper completes it once', async () => {
    const r = await newResident(w, 1000);
    const id = await heldCheckout(w, r);
    await moveCheckout(w.deps, id, 'awaiting_payment', 'capturing', 'test', { paymentMethod: 'counter', counterPaidFen: 8000, paidAt: w.clock.now() });
    expect((await holdCapturer(w.deps, { holdId: id, points: 400 })).result).toBe('captured');
    w.clock.advanceMs(31_000);
    await checkoutSweeper(w.deps);
    expect(await checkoutDoc(w, id)).toMatchObject({ state: 'completed', capturedPoints: 400 });
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 600, heldPoints: 0 });
  });

  test('crash during cancel (state cancelling, hold still held): the sweeper releases it', async () => {
    const r = await newResident(w, 1000);
    const id = await heldCheckout(w, r);
    await moveCheckout(w.deps, id, 'awaiting_payment', 'cancelling', 'test', { cancelReason: 'cancelled_by_cashier' });
    w.clock.advanceMs(31_000);
    await checkoutSweeper(w.deps);
    expect((await checkoutDoc(w, id)).state).toBe('cancelled');
    expect(await wallet(w, r.residentId)).toEqual({ balancePoints: 1000, heldPoints: 0 });
    expect(await ledgerReconciler(w.deps)).toEqual([]);
  });
});
