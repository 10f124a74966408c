import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, BillLines, Card, ErrorState, LoadingState, NumberPad, PageShell, TextField, type NumberPadKey } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { platform } from '../../../platform';
import { createCheckout } from '../../../services/checkout';
import { checkoutRoutes, withId } from '../../../services/checkoutRoutes';
import { applyYuanKey, checkBill, normalizeRedemptionCode, redemptionCodeProblem, type BillCheck, type BillDraft, type BillField } from '../../../services/checkoutKeypad';
import { userMessageOf } from '../../../services/errors';
import { loadMyPharmacy } from '../../../services/pharmacy';
import { AmountField } from './AmountField';
import '../pharmacy.scss';

const fields: { key: BillField; label: string; sub: string; testId: string }[] = [
  { key: 'totalText', label: '总金额', sub: '小票合计', testId: 'bill-total' },
  { key: 'selfPaidText', label: '个人自付', sub: '医保结算后个人要付的', testId: 'bill-self-paid' },
  { key: 'eligibleText', label: '可抵扣部分', sub: '自付中目录内药品、检查', testId: 'bill-eligible' },
];

const emptyDraft: BillDraft = { totalText: '', selfPaidText: '', eligibleText: '' };

/**
 * A new checkout at the till, in the order that suits a 60-second code: first the bill (three
 * amounts on a big keypad, yuan text parsed to integer fen without floats), then the resident's
 * code (scan on weapp, or type the 18 digits) — submitted at once, so the code cannot expire while
 * the cashier types amounts.
 */
export default function NewCheckoutPage() {
  const pharmacy = useResource(loadMyPharmacy);
  const [step, setStep] = useState<'bill' | 'code'>('bill');
  const [draft, setDraft] = useState<BillDraft>(emptyDraft);
  const [active, setActive] = useState<BillField>('totalText');
  const [checked, setChecked] = useState<BillCheck | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onKey = (key: NumberPadKey) => {
    setDraft((current) => ({ ...current, [active]: applyYuanKey(current[active], key) }));
    setChecked(null);
  };

  const copy = (from: BillField, to: BillField) => {
    setDraft((current) => ({ ...current, [to]: current[from] }));
    setChecked(null);
  };

  const toCode = () => {
    const result = checkBill(draft);
    setChecked(result);
    if (result.bill) {
      setStep('code');
      setSubmitError(null);
    } else {
      const firstBad = fields.find((field) => result.errors[field.key]);
      if (firstBad) setActive(firstBad.key);
    }
  };

  const submit = (rawCode: string) => {
    const bill = checkBill(draft).bill;
    if (pharmacy.state.status !== 'ready' || !bill) return;
    const normalized = normalizeRedemptionCode(rawCode);
    const problem = redemptionCodeProblem(normalized);
    setCodeError(problem);
    if (problem) return;
    setBusy(true);
    setSubmitError(null);
    createCheckout(pharmacy.state.data.pharmacyId, { code: normalized, ...bill })
      .then((checkout) => Taro.redirectTo({ url: withId(checkoutRoutes.pharmacyCheckout, checkout.checkoutId) }))
      .catch((cause: unknown) => {
        setSubmitError(userMessageOf(cause));
        setCode('');
      })
      .finally(() => setBusy(false));
  };

  const scan = () => {
    platform
      .scanCode({ fallbackInput: code })
      .then(({ value }) => submit(value))
      .catch((cause: unknown) => setCodeError(userMessageOf(cause)));
  };

  if (pharmacy.state.status !== 'ready') {
    return (
      <PageShell testId="page-pharmacy-new" showProfile={false}>
        {pharmacy.state.status === 'error' ? <ErrorState message={pharmacy.state.message} onRetry={pharmacy.reload} /> : <LoadingState />}
      </PageShell>
    );
  }

  if (step === 'code') {
    const bill = checkBill(draft).bill;
    return (
      <PageShell title="第 2 步：扫居民的抵扣码" testId="page-pharmacy-code" showProfile={false}>
        <Card title="本单金额" extra={<Text className="pb-link" data-testid="bill-edit" onClick={() => setStep('bill')}>修改</Text>} testId="bill-summary">
          {bill ? (
            <BillLines
              lines={[
                { label: '总金额', amountFen: bill.totalFen, testId: 'bill-summary-total' },
                { label: '个人自付', amountFen: bill.selfPaidFen, testId: 'bill-summary-self-paid' },
                { label: '可抵扣部分', amountFen: bill.eligibleSelfPaidFen, testId: 'bill-summary-eligible' },
              ]}
            />
          ) : null}
        </Card>
        {submitError ? <AlertBox tone="error" title="没有建成抵扣单" message={submitError} testId="code-submit-error" /> : null}
        {/* Scanning first on every build (H5: the stand-in reads what is typed below). */}
        <View className="pb-stack pb-till__scan">
          <BigButton type="primary" loading={busy} testId="code-scan" onClick={scan}>
            扫描居民手机上的二维码
          </BigButton>
        </View>
        <Card testId="code-type">
          <TextField
            label="扫不出来？输入居民手机上的 18 位数字"
            value={code}
            // Text, not number: the code is shown in groups ("1234 5678 …") and typed the same way.
            inputType="text"
            maxLength={30}
            placeholder="如 1234 5678 9012 3456 78"
            error={codeError}
            hint={code ? { tone: 'neutral', text: `已输入 ${code.replace(/\D/g, '').length} 位` } : null}
            testId="code-input"
            onInput={(value) => {
              setCode(value);
              setCodeError(null);
            }}
          />
          <BigButton type="secondary" loading={busy} testId="code-submit" onClick={() => submit(code)}>
            提交，请居民确认
          </BigButton>
        </Card>
      </PageShell>
    );
  }

  return (
    <PageShell title="第 1 步：录入账单" testId="page-pharmacy-bill" showProfile={false}>
      {fields.map((field) => (
        <View key={field.key}>
          <AmountField
            label={field.label}
            sub={field.sub}
            text={draft[field.key]}
            active={active === field.key}
            error={checked?.errors[field.key] ?? null}
            testId={field.testId}
            onSelect={() => setActive(field.key)}
          />
          {active === field.key && field.key === 'selfPaidText' && draft.totalText !== '' ? (
            <View className="pb-till__chips">
              <View className="pb-till__chip" role="button" data-testid="bill-self-paid-same" onClick={() => copy('totalText', 'selfPaidText')}>
                <Text>与总金额相同</Text>
              </View>
            </View>
          ) : null}
          {active === field.key && field.key === 'eligibleText' && draft.selfPaidText !== '' ? (
            <View className="pb-till__chips">
              <View className="pb-till__chip" role="button" data-testid="bill-eligible-same" onClick={() => copy('selfPaidText', 'eligibleText')}>
                <Text>与个人自付相同</Text>
              </View>
            </View>
          ) : null}
        </View>
      ))}
      <NumberPad allowDecimal testId="bill-pad" onKey={onKey} />
      <View className="pb-stack">
        <BigButton type="primary" testId="bill-next" onClick={toCode}>
          下一步：扫居民的抵扣码
        </BigButton>
      </View>
    </PageShell>
  );
}
