import { Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ConfirmDialog, DayChoice, ErrorState, FormSubmit, LoadingState, PageShell, Points, TextField } from '../../../components';
import { earnEventTypes } from '../../../../shared/points/policy';
import { shanghaiDate } from '../../../../shared/time/shanghai';
import { useResource } from '../../../hooks/useResource';
import { useStaffForm } from '../../../hooks/useStaffForm';
import { formatCalendarDay } from '../../../services/displayTime';
import {
  earnKey,
  earnTypeLabel,
  effectiveDayOptions,
  latestVersion,
  loadPolicyVersions,
  policyDraftOf,
  policyFieldOf,
  policyFormOf,
  previewPolicy,
  publishPolicy,
  sampleEventsOf,
  sampleResident,
  tomorrowOf,
  type PolicyForm,
  type PolicyVersionView,
  type PreviewView,
  type PublishedView,
} from '../../../services/pointsPolicyAdmin';
import '../admin.scss';

const otherFields = [
  ['valueFenPerPoint', '每积分价值（分钱）', '10 即 10 积分 = 1 元'],
  ['yearlyEarnCapPoints', '每人每年最多获得（积分）', ''],
  ['maxSharePercent', '每次最多抵扣自付金额的（%）', ''],
  ['minPoints', '每次至少使用（积分）', ''],
  ['monthlyCapPoints', '每人每月最多使用（积分）', ''],
] as const;

/** "80 积分 → 120 积分", the new figure marked when it differs. */
function PointsChange(props: { from: number; to: number; changed: boolean }) {
  return (
    <View className={`pb-adm__change ${props.changed ? 'pb-adm__changed' : ''}`}>
      <Points points={props.from} />
      <Text>→</Text>
      <Points points={props.to} />
    </View>
  );
}

const statusTags = { current: 'pb-tag--ok', upcoming: 'pb-tag--info', past: 'pb-tag--off' } as const;

/** One version; a past one is folded to its heading until 查看明细. */
function VersionCard(props: { version: PolicyVersionView }) {
  const v = props.version;
  const [open, setOpen] = useState(v.status !== 'past');
  return (
    <Card title={`第 ${v.version} 版 · ${v.effectiveFromText}起`} extra={<Text className={`pb-tag ${statusTags[v.status]}`}>{v.statusText}</Text>} testId="policy-version">
      <Text className="pb-text">{v.valueText}</Text>
      {open
        ? v.earningLines.map((line) => (
            <View key={line.key} className="pb-adm__money">
              <View>
                <Text className="pb-adm__rate-label">{line.label}</Text>
                {line.limitText ? <Text className="pb-muted">{line.limitText}</Text> : null}
              </View>
              <Points points={line.points} signed />
            </View>
          ))
        : null}
      {open ? <Text className="pb-muted">{v.yearlyCapText}</Text> : null}
      {open
        ? v.redemptionLines.map((line) => (
            <Text key={line} className="pb-muted">
              · {line}
            </Text>
          ))
        : null}
      <Text className="pb-link" data-testid="policy-version-toggle" onClick={() => setOpen(!open)}>
        {open ? '收起' : '查看明细'}
      </Text>
    </Card>
  );
}

/**
 * 积分规则: every version (生效中 / 待生效 / 已停用), and a new version — only what changes, effective on a
 * future day, previewed on a sample resident's year before it is published. Points already earned
 * never change.
 */
export default function PolicyPage() {
  const { state, reload } = useResource(loadPolicyVersions);
  const today = useMemo(() => shanghaiDate(new Date()), []);
  const [draftForm, setDraftForm] = useState<PolicyForm | null>(null);
  const [counts, setCounts] = useState<Record<string, string>>(() => Object.fromEntries(sampleResident.map((e) => [e.eventType, String(e.count)])));
  const [preview, setPreview] = useState<PreviewView | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const form = useStaffForm<PublishedView>(policyFieldOf);
  const { errors, result: published } = form;

  if (state.status !== 'ready') {
    return (
      <PageShell title="积分规则" testId="page-admin-policy" showProfile={false}>
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} testId="policy-error" /> : <LoadingState />}
      </PageShell>
    );
  }
  const base = latestVersion(state.data);
  // After a version is scheduled, the next draft builds on it.
  const f = draftForm ?? (base ? policyFormOf(base.numbers, effectiveDayOptions(today)[0]?.key ?? tomorrowOf(today)) : null);
  const setNumber = (key: string, text: string) => {
    form.clearError(key);
    if (f) setDraftForm({ ...f, numbers: { ...f.numbers, [key]: text } });
  };

  /** The draft as the service takes it, or null after marking what to fix. */
  const checkedDraft = () => {
    if (!f || !base) return null;
    const { draft, errors: problems } = policyDraftOf(f, base.numbers, today);
    return form.accept(problems, '请先改正标红的项目') ? draft : null;
  };

  const runPreview = () => {
    const draft = checkedDraft();
    if (!draft) return;
    setPreviewing(true);
    previewPolicy(draft, sampleEventsOf(counts))
      .then(setPreview)
      .catch(form.fail)
      .finally(() => setPreviewing(false));
  };

  const publish = () => {
    setConfirming(false);
    const draft = checkedDraft();
    if (!draft) return;
    form.submit(async () => {
      const done = await publishPolicy(draft);
      setDraftForm(null);
      setPreview(null);
      reload();
      return done;
    });
  };

  return (
    <PageShell title="积分规则" testId="page-admin-policy" showProfile={false}>
      {published ? (
        <AlertBox tone="success" title={`第 ${published.version} 版已安排，${published.effectiveFromText}起生效`} testId="policy-published">
          {published.changes.map((c) => (
            <Text key={c} className="pb-text">
              · {c}
            </Text>
          ))}
        </AlertBox>
      ) : null}

      {state.data.map((v) => (
        <VersionCard key={v.version} version={v} />
      ))}

      {f && base ? (
        <View>
          <Card title={`新版本（在第 ${base.version} 版基础上修改）`} testId="policy-draft">
            <DayChoice
              label="生效日期（须晚于今天）"
              value={f.effectiveFrom}
              options={effectiveDayOptions(today)}
              start={tomorrowOf(today)}
              valueText={formatCalendarDay(f.effectiveFrom)}
              error={errors['effectiveFrom']}
              testId="policy-effective"
              onChange={(day) => day && setDraftForm({ ...f, effectiveFrom: day })}
            />
            <Text className="pb-muted">只改需要改的数字；已获得的积分不受影响，居民会提前看到新规则。</Text>
            {earnEventTypes.map((type) => (
              <TextField key={type} label={`${earnTypeLabel(type)}（每次积分）`} value={f.numbers[earnKey(type)] ?? ''} inputType="number" maxLength={7} error={errors[earnKey(type)]} testId={`policy-earn-${type}`} onInput={(text) => setNumber(earnKey(type), text)} />
            ))}
            {otherFields.map(([key, label, hint]) => (
              <TextField
                key={key}
                label={label}
                value={f.numbers[key] ?? ''}
                inputType={key === 'maxSharePercent' ? 'digit' : 'number'}
                maxLength={7}
                hint={hint ? { tone: 'neutral', text: hint } : null}
                error={errors[key]}
                testId={`policy-${key}`}
                onInput={(text) => setNumber(key, text)}
              />
            ))}
          </Card>

          <Card title="试算：一位签约高血压居民" testId="policy-sample">
            <Text className="pb-muted">各项按同一天依次发生计算，每日、每月上限照常适用。</Text>
            {sampleResident.map((event) => (
              <TextField key={event.eventType} label={`${earnTypeLabel(event.eventType)}（次数）`} value={counts[event.eventType] ?? ''} inputType="number" maxLength={3} testId={`policy-count-${event.eventType}`} onInput={(text) => setCounts({ ...counts, [event.eventType]: text })} />
            ))}
            <BigButton type="secondary" loading={previewing} testId="policy-preview" onClick={runPreview}>
              试算
            </BigButton>
            {preview ? (
              <View className="pb-stack" data-testid="policy-preview-result">
                {preview.problems.map((p) => (
                  <AlertBox key={p} tone="error" message={p} />
                ))}
                {preview.lines.map((line) => (
                  <View key={line.key} className="pb-adm__money" data-testid="policy-preview-line">
                    <Text className="pb-adm__rate-label">
                      {line.label} × {line.count}
                    </Text>
                    <PointsChange from={line.currentPoints} to={line.draftPoints} changed={line.changed} />
                  </View>
                ))}
                <View className="pb-adm__money" data-testid="policy-preview-total">
                  <View>
                    <Text className="pb-adm__rate-label">合计（现行 → 新版本）</Text>
                    <Text className="pb-adm__changed">{preview.differenceText}</Text>
                  </View>
                  <PointsChange from={preview.currentTotalPoints} to={preview.draftTotalPoints} changed />
                </View>
              </View>
            ) : null}
          </Card>

          <FormSubmit error={form.formError} errorTitle="还不能发布" loading={form.busy} testId="policy-draft" onSubmit={() => setConfirming(true)}>
            安排新版本
          </FormSubmit>
        </View>
      ) : null}

      <ConfirmDialog
        visible={confirming}
        title="安排新版本积分规则？"
        confirmText="确认安排"
        cancelText="再看看"
        loading={form.busy}
        testId="policy-confirm"
        onCancel={() => setConfirming(false)}
        onConfirm={publish}
      >
        <Text className="pb-text">{f ? `将于 ${formatCalendarDay(f.effectiveFrom)} 起生效。` : ''}发布后不能修改，只能再发布新版本。</Text>
      </ConfirmDialog>
    </PageShell>
  );
}
