import { Picker, Text, View } from '@tarojs/components';
import { Card, Tabs } from '../../../components';
import { type BpMeanView, type bmiView, type EntryDraft, type GlucoseTiming, type ReadingMeasure } from '../../../services/readingForms';
import { type LatestReadingView } from '../../../services/readingOverview';

/** A card that edits part of the draft: the draft as it is, and the whole draft after the change. */
export interface DraftPartProps {
  draft: EntryDraft;
  onDraftChange: (draft: EntryDraft) => void;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const timeOf = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** 上次：… with 填入上次的数 (not for blood pressure, which is measured afresh each time). */
export function LastReadingBar({ measure, last, onFillLast }: { measure: ReadingMeasure; last: LatestReadingView; onFillLast: () => void }) {
  return (
    <View className="pb-entry__last" data-testid="entry-last">
      <Text>
        上次：{last.valueText}（{last.dateText}）
      </Text>
      {measure !== 'bp' ? (
        <View className="pb-entry__chip" role="button" data-testid="entry-use-last" onClick={onFillLast}>
          <Text>填入上次的数</Text>
        </View>
      ) : null}
    </View>
  );
}

export function GlucoseTimingCard({ draft, onDraftChange }: DraftPartProps) {
  return (
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
        onChange={(key) => onDraftChange({ ...draft, timing: key as GlucoseTiming })}
      />
    </Card>
  );
}

/** 平均 under the blood-pressure grid, live while typing. */
export function BpMeanSummary({ mean }: { mean: BpMeanView }) {
  return (
    <View className="pb-entry__summary" data-testid="entry-mean">
      <Text className="pb-entry__summary-label">平均</Text>
      <Text className="pb-entry__summary-value" data-testid="entry-mean-value">
        {mean.meanText ?? '—'}
      </Text>
      <Text className="pb-entry__summary-note">
        {mean.meanText ? `mmHg · ${mean.basisText}${mean.pulseText ? ` · ${mean.pulseText}` : ''}` : mean.basisText}
      </Text>
    </View>
  );
}

/** How to measure blood pressure, then 早上/晚上 and which arm. */
export function BpOptionsCard({ draft, onDraftChange }: DraftPartProps) {
  return (
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
        onChange={(key) => onDraftChange({ ...draft, timeOfDay: key as EntryDraft['timeOfDay'] })}
      />
      <Text className="pb-entry__toggle-label">测的哪只胳膊</Text>
      <Tabs
        testId="entry-arm"
        items={[
          { key: 'left', label: '左臂' },
          { key: 'right', label: '右臂' },
        ]}
        activeKey={draft.arm}
        onChange={(key) => onDraftChange({ ...draft, arm: key as EntryDraft['arm'] })}
      />
    </Card>
  );
}

export function BmiSummary({ bmi, heightCm }: { bmi: ReturnType<typeof bmiView>; heightCm: number | null }) {
  return (
    <View className="pb-entry__summary" data-testid="entry-bmi">
      <Text className="pb-entry__summary-label">BMI</Text>
      <Text className="pb-entry__summary-value">{bmi ? bmi.bmiText : '—'}</Text>
      <Text className="pb-entry__summary-note">{bmi ? bmi.categoryText : heightCm ? '输入体重后显示' : '档案中没有身高，保存后由医生补充'}</Text>
    </View>
  );
}

/** 测量时间: 今天 and the time now unless changed; never a day after today. */
export function MeasuredAtCard({ draft, onDraftChange, now }: DraftPartProps & { now: Date }) {
  return (
    <Card title="测量时间">
      <View className="pb-entry__when">
        <Picker mode="date" value={dayOf(draft.measuredAt)} end={dayOf(now)} onChange={(e) => onDraftChange({ ...draft, measuredAt: new Date(`${String(e.detail.value)}T${timeOf(draft.measuredAt)}:00`) })}>
          <View className="pb-entry__when-item" data-testid="entry-date">
            <Text>{dayOf(draft.measuredAt) === dayOf(now) ? '今天' : dayOf(draft.measuredAt)}</Text>
          </View>
        </Picker>
        <Picker mode="time" value={timeOf(draft.measuredAt)} onChange={(e) => onDraftChange({ ...draft, measuredAt: new Date(`${dayOf(draft.measuredAt)}T${String(e.detail.value)}:00`) })}>
          <View className="pb-entry__when-item" data-testid="entry-time">
            <Text>{timeOf(draft.measuredAt)}</Text>
          </View>
        </Picker>
        <Text className="pb-entry__when-hint">点击可修改</Text>
      </View>
    </Card>
  );
}
