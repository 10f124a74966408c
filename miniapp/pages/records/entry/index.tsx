import { Text, View } from '@tarojs/components';
import { AlertBox, BigButton, NumberPad, PageShell } from '../../../components';
import { measureLabels } from '../../../services/readingForms';
import { EntryResult } from './EntryResult';
import { BmiSummary, BpMeanSummary, BpOptionsCard, GlucoseTimingCard, LastReadingBar, MeasuredAtCard } from './EntryDetails';
import { BpGrid, FieldGroups } from './EntryFields';
import { useReadingEntry } from './useReadingEntry';
import './index.scss';

/** One screen per measure: big fields, a big number pad, instant checks, and the result at once. */
export default function ReadingEntryPage() {
  const entry = useReadingEntry();
  const { measure, fields, draft, setDraft, now, check, activeField, mean, phase } = entry;

  if (phase.kind === 'saved' || phase.kind === 'queued') {
    return <EntryResult measure={measure} phase={phase} team={entry.team} onPhaseChange={entry.setPhase} onAgain={entry.again} />;
  }

  const fieldProps = { fields, values: draft.values, fieldErrors: check.fieldErrors, activeKey: activeField?.key, onFocus: entry.focus };
  return (
    <PageShell title={`记录${measureLabels[measure]}`} testId={`page-entry-${measure}`} className="pb-entry">
      {entry.last ? <LastReadingBar measure={measure} last={entry.last} onFillLast={entry.fillLast} /> : null}
      {measure === 'glucose' ? <GlucoseTimingCard draft={draft} onDraftChange={setDraft} /> : null}
      {measure === 'bp' ? <BpGrid {...fieldProps} /> : <FieldGroups {...fieldProps} />}
      {mean ? <BpMeanSummary mean={mean} /> : null}
      {measure === 'bp' ? <BpOptionsCard draft={draft} onDraftChange={setDraft} /> : null}
      {measure === 'weight' ? <BmiSummary bmi={entry.bmi} heightCm={entry.heightCm} /> : null}
      <MeasuredAtCard draft={draft} onDraftChange={setDraft} now={now} />

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
      {entry.error ? <AlertBox tone="error" title="没有保存" message={entry.error} testId="entry-error" /> : null}

      <View className="pb-entry__pad-space" />
      <View className="pb-entry__pad-dock">
        <View className="pb-entry__pad-current">
          <Text>正在填：{activeField ? `${activeField.group ? `${activeField.group} ` : ''}${activeField.label}` : ''}</Text>
        </View>
        <NumberPad allowDecimal={(activeField?.decimals ?? 0) > 0} onKey={entry.onKey} disabled={phase.kind === 'saving'} />
        <View className="pb-entry__pad-actions">
          <View className="pb-entry__next" role="button" data-testid="entry-next" onClick={entry.nextField}>
            <Text>下一项 ↓</Text>
          </View>
          <View className="pb-entry__save">
            <BigButton type="primary" testId="entry-save" loading={phase.kind === 'saving'} onClick={() => void entry.save()}>
              保存
            </BigButton>
          </View>
        </View>
      </View>
    </PageShell>
  );
}
