import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, EmptyState, ErrorState, LoadingState, PageShell, TextField } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { formatCalendarDay } from '../../../services/displayTime';
import { userMessageOf } from '../../../services/errors';
import { answerReferral, loadReferralInbox, type ReferralView } from '../../../services/specialist';
import { nextReferralState } from '../../../../shared/comanagement/referrals';
import '../../doctor/doctor.scss';

const daysOptions = [
  { key: '7', label: '7 天内' },
  { key: '14', label: '14 天内' },
  { key: '30', label: '30 天内' },
];

interface ReturnDraft {
  outcome: string;
  planText: string;
  days: string;
  advice: string;
}

/**
 * 转诊接收: referrals sent to this hospital, those waiting first. 接收 / 不接收 (with the reason) a
 * new one; 下转 an accepted one back to the family-doctor team with the outcome and the plan the
 * team follows (and, if given, a word for the resident).
 */
export default function ReferralInboxPage() {
  const { state, reload } = useResource(loadReferralInbox);
  const [open, setOpen] = useState<{ referralId: string; step: 'decline' | 'return' } | null>(null);
  const [note, setNote] = useState('');
  const [draft, setDraft] = useState<ReturnDraft>({ outcome: '', planText: '', days: '14', advice: '' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  const act = (r: ReferralView, step: 'accept' | 'decline' | 'return') => {
    if (step === 'decline' && !note.trim()) return setError({ ...error, [r.referralId]: '请写明不接收的原因' });
    if (step === 'return' && (!draft.outcome.trim() || !draft.planText.trim())) return setError({ ...error, [r.referralId]: '请填写诊疗结果和管理方案' });
    const body = step === 'return' ? { outcome: draft.outcome.trim(), planText: draft.planText.trim(), followUpWithinDays: Number(draft.days), ...(draft.advice.trim() ? { adviceToResident: draft.advice.trim() } : {}) } : note.trim() ? { note: note.trim() } : {};
    setBusy(r.referralId);
    setError({ ...error, [r.referralId]: '' });
    answerReferral(r.referralId, step, body)
      .then((updated) => {
        setDone(`${updated.residentName}：${updated.stateLabel}`);
        setOpen(null);
        setNote('');
        reload();
      })
      .catch((cause: unknown) => setError({ ...error, [r.referralId]: userMessageOf(cause) }))
      .finally(() => setBusy(null));
  };

  if (state.status !== 'ready') {
    return <PageShell title="转诊接收" testId="page-specialist-referrals" showProfile={false}>{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }
  return (
    <PageShell title="转诊接收" testId="page-specialist-referrals" showProfile={false}>
      {done ? <AlertBox tone="success" message={done} testId="referral-done" /> : null}
      {state.data.referrals.length === 0 ? <EmptyState title="还没有转到本院的居民" testId="referrals-empty" /> : null}
      {state.data.referrals.map((r) => (
        <Card key={r.referralId} title={`${r.residentName} · ${r.stateLabel}`} testId="referral-card">
          <View data-testid="referral" data-referral-id={r.referralId} data-state={r.state}>
            <Text className="pb-text">
              {formatCalendarDay(r.referredOn)} · {r.urgencyLabel}
              {r.greenChannel ? ' · 绿色通道' : ''}
              {r.toDepartment ? ` · ${r.toDepartment}` : ''}
            </Text>
            <Text className="pb-text">转诊原因：{r.reason}</Text>
            {r.answerNote ? <Text className="pb-muted">说明：{r.answerNote}</Text> : null}
            {r.outcome ? <Text className="pb-muted">诊疗结果：{r.outcome}</Text> : null}
            {error[r.referralId] ? <AlertBox tone="error" message={error[r.referralId]} testId="referral-error" /> : null}
            {nextReferralState(r.state, 'accept') ? (
              <View className="pb-stack">
                <BigButton type="primary" loading={busy === r.referralId} testId="referral-accept" onClick={() => act(r, 'accept')}>
                  接收
                </BigButton>
                {open?.referralId === r.referralId && open.step === 'decline' ? (
                  <View>
                    <TextField label="不接收的原因" value={note} maxLength={200} testId="referral-decline-note" onInput={setNote} />
                    <BigButton type="danger" testId="referral-decline-confirm" onClick={() => act(r, 'decline')}>
                      确认不接收
                    </BigButton>
                  </View>
                ) : (
                  <BigButton type="secondary" testId="referral-decline" onClick={() => setOpen({ referralId: r.referralId, step: 'decline' })}>
                    不接收
                  </BigButton>
                )}
              </View>
            ) : null}
            {nextReferralState(r.state, 'return') ? (
              open?.referralId === r.referralId && open.step === 'return' ? (
                <View data-testid="referral-return-form">
                  <TextField label="诊疗结果" value={draft.outcome} maxLength={500} testId="referral-outcome" onInput={(v) => setDraft({ ...draft, outcome: v })} />
                  <TextField label="下转后的管理方案" value={draft.planText} maxLength={500} testId="referral-plan" onInput={(v) => setDraft({ ...draft, planText: v })} />
                  <ChipGroup label="家庭医生团队随访" options={daysOptions} selected={[draft.days]} testId="referral-days" onSelect={(days) => setDraft({ ...draft, days })} />
                  <TextField label="给居民的话（可不填）" value={draft.advice} maxLength={300} testId="referral-advice" onInput={(v) => setDraft({ ...draft, advice: v })} />
                  <View className="pb-stack">
                    <BigButton type="primary" loading={busy === r.referralId} testId="referral-return-confirm" onClick={() => act(r, 'return')}>
                      确认下转
                    </BigButton>
                  </View>
                </View>
              ) : (
                <View className="pb-stack">
                  <BigButton type="primary" testId="referral-return" onClick={() => setOpen({ referralId: r.referralId, step: 'return' })}>
                    下转回家庭医生团队
                  </BigButton>
                </View>
              )
            ) : null}
          </View>
        </Card>
      ))}
    </PageShell>
  );
}
