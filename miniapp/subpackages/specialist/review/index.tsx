import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useCallback, useRef } from 'react';
import { BigButton, Card, ErrorState, InfoRow, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { specialistRoutes } from '../../../services/careRoutes';
import { conditionsText, sexAgeText } from '../../../services/doctorLabels';
import { formatCalendarDay, formatDateTime } from '../../../services/displayTime';
import { openPage } from '../../../services/navigation';
import { followUpLine, loadReview } from '../../../services/specialist';
import '../../doctor/doctor.scss';

const measureWords: Record<string, string> = { bp: '血压', glucose: '血糖', weight: '体重' };
const valueWords: Record<string, string> = { systolicMmHg: '收缩压', diastolicMmHg: '舒张压', heartRateBpm: '心率', glucoseMmolL: '血糖', weightKg: '体重', hcyUmolL: '同型半胱氨酸', ldlCholesterolMmolL: '低密度脂蛋白', fastingGlucoseMmolL: '空腹血糖', hba1cPercent: '糖化血红蛋白', totalCholesterolMmolL: '总胆固醇', triglyceridesMmolL: '甘油三酯', hdlCholesterolMmolL: '高密度脂蛋白' };
const valuesText = (values: Record<string, number>) => Object.entries(values).map(([k, v]) => `${valueWords[k] ?? '其他'} ${v}`).join('，');

/**
 * One co-managed resident as the specialist reviews them: why they are here, their follow-ups
 * (BP, classification, medicines), latest values and labs, earlier 接诊服务记录单 and referrals;
 * then 填写接诊服务记录单.
 */
export default function SpecialistReviewPage() {
  const residentId = useRouter().params['id'] ?? '';
  const load = useCallback(() => loadReview(residentId), [residentId]);
  const { state, reload } = useResource(load);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    reload();
  });
  if (state.status !== 'ready') {
    return <PageShell testId="page-specialist-review" showProfile={false}>{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }
  const r = state.data;
  return (
    <PageShell title={r.resident.name} testId="page-specialist-review" showProfile={false}>
      <Card testId="review-summary">
        <InfoRow label="性别年龄" value={sexAgeText(r.resident.sex, r.resident.ageYears) ?? '—'} />
        <InfoRow label="签约机构" value={r.resident.institutionName} />
        <InfoRow label="病种" value={conditionsText(r.conditions)} testId="review-conditions" />
        {r.hTypeHypertension ? <InfoRow label="提示" value="H 型高血压" /> : null}
        <InfoRow label="未处理预警" value={`${r.openAlerts} 条`} />
      </Card>
      <Card title="为什么请您看" testId="review-flags">
        {r.case.flags.map((f) => (
          <View key={`${f.reason}${f.on}${f.note ?? ''}`} className="pb-list-item" data-testid="review-flag">
            <Text className="pb-list-item__title">{f.label}</Text>
            <Text className="pb-list-item__meta">
              {formatCalendarDay(f.on)}
              {f.note ? `：${f.note}` : ''}
            </Text>
          </View>
        ))}
      </Card>
      <View className="pb-stack">
        <BigButton type="primary" testId="review-record-visit" onClick={() => openPage(`${specialistRoutes.visit}?id=${encodeURIComponent(residentId)}`)}>
          填写接诊服务记录单
        </BigButton>
      </View>
      <Card title="最近随访" testId="review-follow-ups">
        {r.followUps.length === 0 ? <Text className="pb-text">还没有随访记录。</Text> : null}
        {r.followUps.map((f) => (
          <View key={f.followUpId} className="pb-list-item" data-testid="review-follow-up">
            <Text className="pb-list-item__title">{followUpLine(f, formatCalendarDay)}</Text>
            {f.medications.length > 0 ? <Text className="pb-list-item__meta">用药：{f.medications.join('；')}</Text> : null}
          </View>
        ))}
      </Card>
      {r.lastReadings.length > 0 ? (
        <Card title="家庭自测" testId="review-readings">
          {r.lastReadings.map((reading) => (
            <View key={reading.measure} className="pb-list-item">
              <Text className={`pb-list-item__title ${reading.urgent ? 'pb-doc__attention' : ''}`}>
                {measureWords[reading.measure] ?? '测量'}：{valuesText(reading.values)}
              </Text>
              <Text className="pb-list-item__meta">{formatDateTime(reading.measuredAt)}</Text>
            </View>
          ))}
        </Card>
      ) : null}
      {r.labResults.length > 0 ? (
        <Card title="检验与筛查" testId="review-labs">
          {r.labResults.map((lab) => (
            <View key={lab.labResultId} className="pb-list-item">
              <Text className="pb-list-item__title">{formatDateTime(lab.measuredAt)}</Text>
              <Text className="pb-list-item__meta">{valuesText(lab.values)}</Text>
            </View>
          ))}
        </Card>
      ) : null}
      {r.visits.length > 0 ? (
        <Card title="既往接诊记录" testId="review-visits">
          {r.visits.map((v) => (
            <View key={v.visitId} className="pb-list-item" data-testid="review-visit">
              <Text className="pb-list-item__title">
                {formatCalendarDay(v.visitedOn)} {v.specialistName} · {v.settingLabel}
              </Text>
              <Text className="pb-list-item__meta">{v.findings}</Text>
              {v.planChanges.map((c) => (
                <Text key={c.text} className="pb-list-item__meta">
                  {c.kindLabel}：{c.text}
                </Text>
              ))}
            </View>
          ))}
        </Card>
      ) : null}
      {r.referrals.length > 0 ? (
        <Card title="转诊" testId="review-referrals">
          {r.referrals.map((ref) => (
            <View key={ref.referralId} className="pb-list-item">
              <Text className="pb-list-item__title">
                {ref.toInstitutionName} · {ref.stateLabel}
              </Text>
              <Text className="pb-list-item__meta">
                {formatCalendarDay(ref.referredOn)} {ref.reason}
              </Text>
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
