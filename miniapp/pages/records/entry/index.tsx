import { Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { AlertBox, BigButton, Card, NumberPad, PageShell, Tabs, UrgentAdvice, UrgentPlan, type NumberPadKey, type TeamContact } from '../../../components';
import { platform } from '../../../platform';
import { loadTeamContact } from '../../../services/careLoop';
import {
  applyPadKey,
  bmiView,
  bpMeanView,
  checkDraft,
  defaultTimeOfDay,
  entryFields,
  isReadingMeasure,
  measureLabels,
  newClientReadingId,
  type EntryDraft,
  type EntryField,
  type GlucoseTiming,
  type ReadingMeasure,
} from '../../../services/readingForms';
import { toneColors } from '../../../services/readingDisplay';
import { loadLastReading, type LatestReadingView } from '../../../services/readingOverview';
import type { ReadingResultView, UrgentPlanView } from '../../../services/readingResult';
import { submitReading } from '../../../services/readings';
import { loadHeightCm } from '../../../services/records';
import { recordsRoutes } from '../../../services/recordsRoutes';
import { userMessageOf } from '../../../services/errors';
import './index.scss';

type Phase =
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'saved'; result: ReadingResultView; showUrgent: boolean }
  | { kind: 'queued'; message: string; urgentPlan: UrgentPlanView | null; valueText: string; showUrgent: boolean };

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const timeOf = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
const fieldDomId = (key: string) => `entry-field-${key.replace('.', '-')}`;

function freshDraft(measure: ReadingMeasure, now: Date): EntryDraft {
  return { measure, values: {}, arm: 'left', timeOfDay: defaultTimeOfDay(now), timing: 'fasting', measuredAt: now };
}

/** One screen per measure: big fields, a big number pad, instant checks, and the result at once. */
export default function ReadingEntryPage() {
  const router = useRouter();
  const measure: ReadingMeasure = isReadingMeasure(router.params.measure) ? router.params.measure : 'bp';
  const fields = useMemo(() => entryFields(measure), [measure]);
  const [draft, setDraft] = useState<EntryDraft>(() => freshDraft(measure, new Date()));
  const [activeKey, setActiveKey] = useState<string>(fields[0]?.key ?? '');
  const [showAllErrors, setShowAllErrors] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<LatestReadingView | null>(null);
  const [heightCm, setHeightCm] = useState<number | null>(null);
  // The family-doctor team for 联系家庭医生, loaded once a value turns out urgent (remembered offline).
  const [team, setTeam] = useState<TeamContact | null>(null);
  // One id per entry: a second tap on 保存 (or a retry) sends the same id, never a second reading.
  const clientReadingId = useRef(newClientReadingId());

  useEffect(() => {
    void loadLastReading(measure).then(setLast);
    if (measure === 'weight') void loadHeightCm().then(setHeightCm);
  }, [measure]);

  const now = new Date();
  const check = checkDraft(draft, now, { touchedOnly: !showAllErrors });
  const activeField = fields.find((f) => f.key === activeKey) ?? fields[0];
  const mean = measure === 'bp' ? bpMeanView(draft.values) : null;
  const bmi = measure === 'weight' ? bmiView(draft.values['weightKg'], heightCm) : null;

  const focus = (key: string) => {
    // No automatic scrolling: the fields sit at the top, above the pad, and a page that jumps on
    // every tap loses an elderly user's place.
    setActiveKey(key);
  };
  const nextField = () => {
    const index = fields.findIndex((f) => f.key === activeKey);
    const next = fields[index + 1];
    if (next) focus(next.key);
  };

  const onKey = (key: NumberPadKey) => {
    if (!activeField) return;
    const before = draft.values[activeField.key] ?? '';
    const after = applyPadKey(before, key, activeField);
    setDraft({ ...draft, values: { ...draft.values, [activeField.key]: after } });
    setError(null);
    // A full 3-digit blood pressure or pulse moves on by itself; nothing else does.
    if (activeField.decimals === 0 && after.length === activeField.integerDigitsMax && after !== before) nextField();
  };

  const useLast = () => {
    if (!last) return;
    const values: Record<string, string> = {};
    for (const field of fields) {
      const value = last.values[field.key];
      if (value !== undefined) values[field.key] = String(value);
    }
    setDraft({ ...draft, values });
  };

  const save = async () => {
    setShowAllErrors(true);
    const full = checkDraft(draft, new Date(), { touchedOnly: false });
    if (!full.ok) {
      const firstBad = fields.find((f) => full.fieldErrors[f.key]);
      if (firstBad) focus(firstBad.key);
      return;
    }
    setPhase({ kind: 'saving' });
    setError(null);
    try {
      const outcome = await submitReading(draft, clientReadingId.current);
      const urgent = (outcome.kind === 'saved' && outcome.result.urgent) || (outcome.kind === 'queued' && outcome.urgentPlan !== null);
      if (urgent) void loadTeamContact().then(setTeam);
      if (outcome.kind === 'saved') setPhase({ kind: 'saved', result: outcome.result, showUrgent: outcome.result.urgent });
      else if (outcome.kind === 'queued') {
        const valueText = mean?.meanText ? `${mean.meanText} mmHg` : `${draft.values[fields[0]?.key ?? ''] ?? ''} ${fields[0]?.unit ?? ''}`;
        setPhase({ kind: 'queued', message: outcome.message, urgentPlan: outcome.urgentPlan, valueText, showUrgent: outcome.urgentPlan !== null });
      } else {
        setPhase({ kind: 'editing' });
        setError(outcome.message);
      }
    } catch (cause) {
      setPhase({ kind: 'editing' });
      setError(userMessageOf(cause));
    }
  };

  const again = () => {
    clientReadingId.current = newClientReadingId();
    setDraft(freshDraft(measure, new Date()));
    setShowAllErrors(false);
    setActiveKey(fields[0]?.key ?? '');
    setPhase({ kind: 'editing' });
  };

  const call120 = () => void platform.makePhoneCall('120');
  const callTeam = (phone: string) => void platform.makePhoneCall(phone);
  const title = `记录${measureLabels[measure]}`;

  if (phase.kind === 'saved' || phase.kind === 'queued') {
    const plan = phase.kind === 'saved' ? phase.result.urgentPlan : phase.urgentPlan;
    const valueText = phase.kind === 'saved' ? phase.result.valueText : phase.valueText;
    const urgentOverlay =
      plan && phase.showUrgent ? (
        <UrgentAdvice
          headline={plan.headline}
          valueText={valueText}
          steps={plan.steps}
          call120Symptoms={plan.call120Symptoms}
          teamNotified={phase.kind === 'saved' && phase.result.teamNotified}
          team={team}
          onCall120={call120}
          onCallTeam={callTeam}
          onClose={() => setPhase({ ...phase, showUrgent: false })}
        />
      ) : null;
    // After 我知道了 the plan and both call buttons stay on the result screen.
    const urgentCard = plan ? (
      <Card title={`⚠ ${plan.headline}`} testId="entry-result-urgent" className="pb-entry__urgent">
        <UrgentPlan steps={plan.steps} call120Symptoms={plan.call120Symptoms} team={team} testId="entry-urgent-plan" onCall120={call120} onCallTeam={callTeam} />
        <Text className="pb-text pb-strong" data-testid="entry-urgent-team">
          {phase.kind === 'saved' && phase.result.teamNotified ? '已通知您的家庭医生团队。' : '联网后会自动上传，并通知您的家庭医生团队。'}
        </Text>
      </Card>
    ) : null;
    return (
      <PageShell title={title} testId={`page-entry-${measure}`}>
        {urgentOverlay}
        {phase.kind === 'saved' ? (
          <Card title={phase.result.duplicate ? '这条记录之前已保存' : '已保存'} testId="entry-result">
            <Text className="pb-entry__result-value" style={{ color: toneColors[phase.result.tone] }} data-testid="entry-result-value">
              {phase.result.valueText}
            </Text>
            {phase.result.gradeText ? (
              <Text className="pb-entry__result-grade" style={{ color: toneColors[phase.result.tone] }} data-testid="entry-result-grade">
                {phase.result.gradeText}
                {phase.result.atTargetText ? ` · ${phase.result.atTargetText}` : ''}
                {phase.result.urgent ? ' · 紧急' : ''}
              </Text>
            ) : null}
            {phase.result.targetText ? <Text className="pb-text">{phase.result.targetText}</Text> : null}
            {phase.result.pointsText ? (
              <Text className="pb-entry__points" data-testid="entry-result-points">
                {phase.result.pointsText}
              </Text>
            ) : null}
            {phase.result.warnings.map((w) => (
              <Text key={w} className="pb-muted">
                {w}
              </Text>
            ))}
          </Card>
        ) : (
          <AlertBox tone="warning" title="已保存在手机上" message={phase.message} testId="entry-queued" />
        )}
        {urgentCard}
        <View className="pb-stack">
          <BigButton type={plan ? 'secondary' : 'primary'} testId="entry-again" onClick={again}>
            再记一次{measureLabels[measure]}
          </BigButton>
          <BigButton type="secondary" testId="entry-history" onClick={() => void Taro.redirectTo({ url: recordsRoutes.history(measure) }).catch(() => undefined)}>
            看{measureLabels[measure]}趋势图
          </BigButton>
          <BigButton type="secondary" testId="entry-back" onClick={() => void Taro.switchTab({ url: recordsRoutes.tab }).catch(() => undefined)}>
            返回记录
          </BigButton>
        </View>
      </PageShell>
    );
  }

  const renderField = (field: EntryField) => {
    const active = field.key === activeField?.key;
    const fieldError = check.fieldErrors[field.key];
    const text = draft.values[field.key] ?? '';
    return (
      <View key={field.key} id={fieldDomId(field.key)} className="pb-entry__field-wrap">
        <View
          className={`pb-entry__field ${active ? 'pb-entry__field--active' : ''} ${fieldError ? 'pb-entry__field--error' : ''}`}
          data-testid={`field-${field.key}`}
          role="button"
          aria-selected={active ? 'true' : 'false'}
          onClick={() => focus(field.key)}
        >
          <Text className="pb-entry__label">
            {field.label}
            {field.required ? '' : '（可不填）'}
          </Text>
          <View className="pb-entry__value-box">
            <Text className={`pb-entry__value ${text ? '' : 'pb-entry__value--empty'}`} data-testid={`field-${field.key}-value`}>
              {text || (active ? '请输入' : '—')}
            </Text>
            <Text className="pb-entry__unit">{field.unit}</Text>
          </View>
        </View>
        {fieldError ? (
          <Text className="pb-entry__error" data-testid={`field-${field.key}-error`}>
            {fieldError}
          </Text>
        ) : null}
      </View>
    );
  };

  const renderCell = (field: EntryField) => {
    const active = field.key === activeField?.key;
    const text = draft.values[field.key] ?? '';
    return (
      <View
        key={field.key}
        id={fieldDomId(field.key)}
        className={`pb-bpgrid__cell ${active ? 'pb-bpgrid__cell--active' : ''} ${check.fieldErrors[field.key] ? 'pb-bpgrid__cell--error' : ''}`}
        data-testid={`field-${field.key}`}
        role="button"
        aria-label={`${field.group ?? ''}${field.label}`}
        aria-selected={active ? 'true' : 'false'}
        onClick={() => focus(field.key)}
      >
        <Text className={text ? 'pb-bpgrid__value' : 'pb-bpgrid__value pb-bpgrid__value--empty'} data-testid={`field-${field.key}-value`}>
          {text || (active ? '▍' : '—')}
        </Text>
      </View>
    );
  };

  const groups = fields.reduce<Array<{ group: string; items: EntryField[] }>>((acc, field) => {
    const group = field.group ?? '';
    const current = acc[acc.length - 1];
    if (current && current.group === group) current.items.push(field);
    else acc.push({ group, items: [field] });
    return acc;
  }, []);

  return (
    <PageShell title={title} testId={`page-entry-${measure}`} className="pb-entry">
      {last ? (
        <View className="pb-entry__last" data-testid="entry-last">
          <Text>
            上次：{last.valueText}（{last.dateText}）
          </Text>
          {measure !== 'bp' ? (
            <View className="pb-entry__chip" role="button" data-testid="entry-use-last" onClick={useLast}>
              <Text>填入上次的数</Text>
            </View>
          ) : null}
        </View>
      ) : null}


      {measure === 'glucose' ? (
        <Card>
          <Text className="pb-entry__toggle-label">什么时候测的</Text>
          <Tabs
            testId="entry-timing"
            items={[
              { key: 'fasting', label: '空腹' },
              { key: 'postprandial2h', label: '餐后2小时' },
              { key: 'random', label: '随机' },
            ]}
            activeKey={draft.timing}
            onChange={(key) => setDraft({ ...draft, timing: key as GlucoseTiming })}
          />
        </Card>
      ) : null}

      {measure === 'bp' ? (
        <Card title="每遍读数" testId="entry-bp-grid">
          <View className="pb-bpgrid__row pb-bpgrid__head">
            <Text className="pb-bpgrid__rowlabel">mmHg</Text>
            <Text className="pb-bpgrid__colhead">高压</Text>
            <Text className="pb-bpgrid__colhead">低压</Text>
            <Text className="pb-bpgrid__colhead">脉搏</Text>
          </View>
          {[0, 1, 2].map((row) => (
            <View key={row} className="pb-bpgrid__row">
              <View className="pb-bpgrid__rowlabel">
                <Text>第{row + 1}遍</Text>
                {row === 2 ? <Text className="pb-bpgrid__optional">可不填</Text> : null}
              </View>
              {fields.filter((f) => f.key.startsWith(`r${row}.`)).map(renderCell)}
            </View>
          ))}
          {fields.map((f) =>
            check.fieldErrors[f.key] ? (
              <Text key={f.key} className="pb-entry__error" data-testid={`field-${f.key}-error`}>
                {(f.group ?? '').replace(/（.*）/, '')}
                {f.label.replace(/（.*）/, '')}：{check.fieldErrors[f.key]}
              </Text>
            ) : null,
          )}
        </Card>
      ) : null}

      {measure !== 'bp' && groups.map((group) => (
        <Card key={group.group || 'fields'} title={group.group || undefined} testId={group.group ? `entry-group-${group.items[0]?.key.slice(0, 2)}` : 'entry-fields'}>
          {group.items.map(renderField)}
        </Card>
      ))}

      {mean ? (
        <View className="pb-entry__summary" data-testid="entry-mean">
          <Text className="pb-entry__summary-label">平均</Text>
          <Text className="pb-entry__summary-value" data-testid="entry-mean-value">
            {mean.meanText ?? '—'}
          </Text>
          <Text className="pb-entry__summary-note">
            {mean.meanText ? `mmHg · ${mean.basisText}${mean.pulseText ? ` · ${mean.pulseText}` : ''}` : mean.basisText}
          </Text>
        </View>
      ) : null}
      {measure === 'bp' ? (
        <Card>
          <Text className="pb-entry__hint">静坐5分钟后测量，每次测2–3遍，每遍间隔1分钟。</Text>
          <Text className="pb-entry__toggle-label">什么时候测的</Text>
          <Tabs
            testId="entry-time-of-day"
            items={[
              { key: 'morning', label: '早上' },
              { key: 'evening', label: '晚上' },
            ]}
            activeKey={draft.timeOfDay}
            onChange={(key) => setDraft({ ...draft, timeOfDay: key as EntryDraft['timeOfDay'] })}
          />
          <Text className="pb-entry__toggle-label">测的哪只胳膊</Text>
          <Tabs
            testId="entry-arm"
            items={[
              { key: 'left', label: '左臂' },
              { key: 'right', label: '右臂' },
            ]}
            activeKey={draft.arm}
            onChange={(key) => setDraft({ ...draft, arm: key as EntryDraft['arm'] })}
          />
        </Card>
      ) : null}
      {measure === 'weight' ? (
        <View className="pb-entry__summary" data-testid="entry-bmi">
          <Text className="pb-entry__summary-label">BMI</Text>
          <Text className="pb-entry__summary-value">{bmi ? bmi.bmiText : '—'}</Text>
          <Text className="pb-entry__summary-note">{bmi ? bmi.categoryText : heightCm ? '输入体重后显示' : '档案中没有身高，保存后由医生补充'}</Text>
        </View>
      ) : null}

      <Card title="测量时间">
        <View className="pb-entry__when">
          <Picker mode="date" value={dayOf(draft.measuredAt)} end={dayOf(now)} onChange={(e) => setDraft({ ...draft, measuredAt: new Date(`${String(e.detail.value)}T${timeOf(draft.measuredAt)}:00`) })}>
            <View className="pb-entry__when-item" data-testid="entry-date">
              <Text>{dayOf(draft.measuredAt) === dayOf(now) ? '今天' : dayOf(draft.measuredAt)}</Text>
            </View>
          </Picker>
          <Picker mode="time" value={timeOf(draft.measuredAt)} onChange={(e) => setDraft({ ...draft, measuredAt: new Date(`${dayOf(draft.measuredAt)}T${String(e.detail.value)}:00`) })}>
            <View className="pb-entry__when-item" data-testid="entry-time">
              <Text>{timeOf(draft.measuredAt)}</Text>
            </View>
          </Picker>
          <Text className="pb-entry__when-hint">点击可修改</Text>
        </View>
      </Card>

      {check.warnings.length > 0 ? (
        <AlertBox tone="warning" title="请核对" testId="entry-warnings">
          {check.warnings.map((w) => (
            <Text key={w} className="pb-text">
              {w}
            </Text>
          ))}
        </AlertBox>
      ) : null}
      {check.formErrors.length > 0 ? <AlertBox tone="error" message={check.formErrors.join('；')} testId="entry-form-error" /> : null}
      {error ? <AlertBox tone="error" title="没有保存" message={error} testId="entry-error" /> : null}

      <View className="pb-entry__pad-space" />
      <View className="pb-entry__pad-dock">
        <View className="pb-entry__pad-current">
          <Text>正在填：{activeField ? `${activeField.group ? `${activeField.group} ` : ''}${activeField.label}` : ''}</Text>
        </View>
        <NumberPad allowDecimal={(activeField?.decimals ?? 0) > 0} onKey={onKey} disabled={phase.kind === 'saving'} />
        <View className="pb-entry__pad-actions">
          <View className="pb-entry__next" role="button" data-testid="entry-next" onClick={nextField}>
            <Text>下一项 ↓</Text>
          </View>
          <View className="pb-entry__save">
            <BigButton type="primary" testId="entry-save" loading={phase.kind === 'saving'} onClick={() => void save()}>
              保存
            </BigButton>
          </View>
        </View>
      </View>
    </PageShell>
  );
}
