import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { AlertBox, BigButton, Card, CheckRow, ChipGroup, ErrorState, LoadingState, PageShell, TextField } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { cancelReferral, loadTeamComanagement, referUp, requestSpecialistReview, urgencyOptions } from '../../../services/comanagement';
import { formatCalendarDay } from '../../../services/displayTime';
import { userMessageOf } from '../../../services/errors';
import { newClientRequestId } from '../../../services/staffForms';
import type { ReferralUrgency } from '../../../../shared/comanagement/referrals';
import '../doctor.scss';

/**
 * 专科会诊与转诊 for one resident of the team: ask the specialists assigned to the institution for a
 * review (the resident joins their queue), or refer up to a county or city hospital with reason,
 * urgency and the green channel; withdraw a referral nobody has answered yet.
 */
export default function ComanagePage() {
  const residentId = useRouter().params['id'] ?? '';
  const load = useCallback(() => loadTeamComanagement(residentId), [residentId]);
  const { state, reload } = useResource(load);
  const [note, setNote] = useState('');
  const [referral, setReferral] = useState({ toInstitutionId: '', toDepartment: '', reason: '', urgency: 'routine' as ReferralUrgency, greenChannel: false });
  const [requestIds] = useState(() => ({ review: newClientRequestId(), referral: newClientRequestId() }));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  const run = (key: string, work: () => Promise<string>) => {
    setBusy(key);
    setError({});
    setDone(null);
    work()
      .then((message) => {
        setDone(message);
        reload();
      })
      .catch((cause: unknown) => setError({ [key]: userMessageOf(cause) }))
      .finally(() => setBusy(null));
  };

  if (state.status !== 'ready') {
    return <PageShell testId="page-doctor-comanage" showProfile={false}>{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }
  const data = state.data;
  const destinationOptions = data.destinations.map((d) => ({ key: d.institutionId, label: d.name }));

  const askReview = () => {
    if (!note.trim()) return setError({ review: '请写一句请专科医生看什么' });
    run('review', async () => {
      await requestSpecialistReview(residentId, note.trim(), requestIds.review);
      return '已申请会诊，负责本机构的专科医生会在共管名单里看到';
    });
  };
  const refer = () => {
    if (!referral.toInstitutionId) return setError({ referral: '请选择转往的医院' });
    if (!referral.reason.trim()) return setError({ referral: '请填写转诊原因' });
    run('referral', async () => {
      const made = await referUp(residentId, {
        clientRequestId: requestIds.referral,
        toInstitutionId: referral.toInstitutionId,
        reason: referral.reason.trim(),
        urgency: referral.urgency,
        greenChannel: referral.greenChannel,
        ...(referral.toDepartment.trim() ? { toDepartment: referral.toDepartment.trim() } : {}),
      });
      return `已转往 ${made.toInstitutionName}，${made.stateLabel}`;
    });
  };

  return (
    <PageShell title="专科会诊与转诊" testId="page-doctor-comanage" showProfile={false}>
      {done ? <AlertBox tone="success" message={done} testId="comanage-done" /> : null}
      <Card title="申请专科医生会诊" testId="comanage-review">
        <Text className="pb-muted">居民会进入负责本机构的上级医院专科医生的共管名单。</Text>
        <TextField label="请专科医生看什么" value={note} maxLength={300} testId="comanage-review-note" onInput={setNote} />
        {error['review'] ? <AlertBox tone="error" message={error['review']} testId="comanage-review-error" /> : null}
        <View className="pb-stack">
          <BigButton type="primary" loading={busy === 'review'} testId="comanage-review-submit" onClick={askReview}>
            申请会诊
          </BigButton>
        </View>
      </Card>

      <Card title="上转" testId="comanage-referral">
        <ChipGroup label="转往" options={destinationOptions} selected={referral.toInstitutionId ? [referral.toInstitutionId] : []} testId="referral-to" onSelect={(key) => setReferral({ ...referral, toInstitutionId: key })} />
        {destinationOptions.length === 0 ? <Text className="pb-muted">还没有登记上级医院，请联系项目管理员。</Text> : null}
        <TextField label="科室（可不填）" value={referral.toDepartment} maxLength={30} testId="referral-department" onInput={(v) => setReferral({ ...referral, toDepartment: v })} />
        <TextField label="转诊原因" value={referral.reason} maxLength={300} testId="referral-reason" onInput={(v) => setReferral({ ...referral, reason: v })} />
        <ChipGroup label="紧急程度" options={urgencyOptions} selected={[referral.urgency]} testId="referral-urgency" onSelect={(key) => setReferral({ ...referral, urgency: key as ReferralUrgency })} />
        <CheckRow checked={referral.greenChannel} title="走绿色通道" description="签约居民在上级医院优先就诊" testId="referral-green" onChange={(greenChannel) => setReferral({ ...referral, greenChannel })} />
        {error['referral'] ? <AlertBox tone="error" message={error['referral']} testId="comanage-referral-error" /> : null}
        <View className="pb-stack">
          <BigButton type="primary" loading={busy === 'referral'} testId="referral-submit" onClick={refer}>
            确认上转
          </BigButton>
        </View>
      </Card>

      {data.referrals.length > 0 ? (
        <Card title="本居民的转诊" testId="comanage-referrals">
          {data.referrals.map((r) => (
            <View key={r.referralId} className="pb-list-item" data-testid="comanage-referral-item" data-state={r.state}>
              <Text className="pb-list-item__title">
                {r.toInstitutionName}：{r.stateLabel}
              </Text>
              <Text className="pb-list-item__meta">
                {formatCalendarDay(r.referredOn)} · {r.urgencyLabel}
                {r.greenChannel ? ' · 绿色通道' : ''} · {r.reason}
              </Text>
              {r.state === 'requested' ? (
                <View className="pb-list-item__actions">
                  <BigButton type="secondary" loading={busy === r.referralId} testId="comanage-referral-cancel" onClick={() => run(r.referralId, async () => `已撤销转往 ${(await cancelReferral(r.referralId)).toInstitutionName} 的转诊`)}>
                    撤销转诊
                  </BigButton>
                </View>
              ) : null}
              {error[r.referralId] ? <AlertBox tone="error" message={error[r.referralId]} /> : null}
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
