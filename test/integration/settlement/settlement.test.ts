import { settlementPeriodCloser, settlementReconciler } from '../../../server/settlement/statements';
import { api, createCheckout, heldCheckout, issueCode, newResident, refreshStaffSessions, startCheckoutWorld, type CheckoutWorld } from '../checkout/harness';

/** March and April 2026 (Asia/Shanghai) on a manual clock; counter payments keep it quick. */
describe('monthly pharmacy settlement', () => {
  let w: CheckoutWorld;
  beforeAll(async () => {
    w = await startCheckoutWorld({ at: new Date('2026-03-10T10:00:00+08:00') });
  });
  afterAll(() => w.stack.stop());

  async function completedCheckout(r: { residentId: string; token: string }) {
    const id = await heldCheckout(w, r);
    const paid = await api(w, w.cashier.token).post(`/api/checkouts/${id}/counter-payment`, { amountFen: 8000 });
    expect(paid.body.data.state).toBe('completed');
    return id;
  }

  test('statement lists every capture once, reversals and late reversals; draft → confirmed → approved → paid; CSV; regenerate unchanged; reconciled', async () => {
    const a = await newResident(w, 1000);
    const b = await newResident(w, 1000);
    const first = await completedCheckout(a); // 400 points = 4000 fen
    w.clock.advanceMs(60_000); // lines are ordered by time (ties by id)
    const second = await completedCheckout(b); // 400 points
    // A cancelled checkout never reaches a statement.
    const cancelled = (await createCheckout(w, await issueCode(w, a.token, a.residentId))).body.data.checkoutId as string;
    await api(w, w.cashier.token).post(`/api/checkouts/${cancelled}/cancel`);
    // Same-month refund of a quarter of `first`: 100 points back → reversal 1000 fen.
    w.clock.advanceMs(60_000);
    expect((await api(w, w.cashier.token).post(`/api/checkouts/${first}/refunds`, { refundFen: 3000 })).status).toBe(201);

    // The period is not over yet.
    expect((await api(w, w.admin.token).post('/api/admin/settlements/generate', { periodKey: '2026-03' })).body.error.code).toBe('settlement_period_not_closed');

    w.clock.set(new Date('2026-04-02T09:00:00+08:00'));
    await refreshStaffSessions(w);
    // A refund after March closed: lands in April as a late reversal (an adjustment of the next statement).
    expect((await api(w, w.cashier.token).post(`/api/checkouts/${second}/refunds`, { refundFen: 12_000 })).status).toBe(201);
    const closed = await settlementPeriodCloser(w.deps);
    const statementId = `2026-03.${w.pharmacyId}`;
    expect(closed).toMatchObject({ periodKey: '2026-03', created: [statementId], rejected: [] });

    const march = (await api(w, w.cashier.token).get(`/api/settlements/${statementId}`)).body.data;
    expect(march).toMatchObject({ state: 'draft', capturedPoints: 800, capturedFen: 8000, reversedPoints: 100, reversedFen: 1000, statementTotalFen: 7000 });
    expect(march.lines.map((l: { kind: string; checkoutId: string }) => [l.kind, l.checkoutId])).toEqual([
      ['capture', first],
      ['capture', second],
      ['reversal', first],
    ]);
    // Regenerating changes nothing.
    const again = await api(w, w.admin.token).post('/api/admin/settlements/generate', { periodKey: '2026-03' });
    expect(again.body.data).toMatchObject({ created: [], unchanged: [statementId], differs: [] });

    expect((await api(w, w.admin.token).post(`/api/settlements/${statementId}/approve`)).body.error.code).toBe('statement_not_confirmed');
    expect((await api(w, w.cashier.token).post(`/api/settlements/${statementId}/confirm`)).body.data.state).toBe('confirmed');
    expect((await api(w, w.cashier.token).post(`/api/settlements/${statementId}/confirm`)).body.error.code).toBe('statement_not_draft');
    expect((await api(w, w.admin.token).post(`/api/settlements/${statementId}/paid`, { paymentReference: 'BANK-001' })).body.error.code).toBe('statement_not_approved');
    expect((await api(w, w.admin.token).post(`/api/settlements/${statementId}/approve`)).body.data.state).toBe('approved');
    const paid = await api(w, w.admin.token).post(`/api/settlements/${statementId}/paid`, { paymentReference: 'BANK-001' });
    expect(paid.body.data).toMatchObject({ state: 'paid', paymentReference: 'BANK-001' });

    const csv = await api(w, w.cashier.token).get(`/api/settlements/${statementId}/csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(first);
    expect(csv.text).toContain('应结算金额(分),7000');

    // April closes with the late reversal of `second` as its only line.
    w.clock.set(new Date('2026-05-01T00:30:00+08:00'));
    await refreshStaffSessions(w);
    const april = await settlementPeriodCloser(w.deps);
    expect(april.created).toEqual([`2026-04.${w.pharmacyId}`]);
    const aprilView = (await api(w, w.admin.token).get(`/api/settlements/2026-04.${w.pharmacyId}`)).body.data;
    expect(aprilView).toMatchObject({ capturedFen: 0, reversedFen: 4000, statementTotalFen: -4000 });
    expect(aprilView.lines[0]).toMatchObject({ kind: 'lateReversal', checkoutId: second, points: -400 });

    const report = await settlementReconciler(w.deps);
    expect(report.discrepancies).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.periods).toEqual([
      { periodKey: '2026-03', statementsTotalFen: 7000, capturedFen: 8000, reversedFen: 1000, balanced: true },
      { periodKey: '2026-04', statementsTotalFen: -4000, capturedFen: 0, reversedFen: 4000, balanced: true },
    ]);
    const viaApi = await api(w, w.admin.token).get('/api/admin/settlements/reconciliation');
    expect(viaApi.body.data.ok).toBe(true);
    // The pharmacy sees its own statements only.
    expect((await api(w, w.cashier.token).get(`/api/pharmacies/${w.pharmacyId}/settlements`)).body.data.statements).toHaveLength(2);
  });

  test('a tampered statement is caught by the reconciliation', async () => {
    await w.deps.models.SettlementStatement.updateOne({ _id: `2026-03.${w.pharmacyId}` }, { $inc: { statementTotalFen: 1 } });
    const report = await settlementReconciler(w.deps, { periodKey: '2026-03' });
    expect(report.ok).toBe(false);
    expect(report.discrepancies.map((d) => d.code)).toContain('statement_total_does_not_match_lines');
    await w.deps.models.SettlementStatement.updateOne({ _id: `2026-03.${w.pharmacyId}` }, { $inc: { statementTotalFen: -1 } });
  });
});
