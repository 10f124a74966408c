import { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type NumberPadKey, type TeamContact } from '../../../components';
import { loadTeamContact } from '../../../services/careLoop';
import {
  applyPadKey,
  bmiView,
  bpMeanView,
  checkDraft,
  defaultTimeOfDay,
  entryFields,
  isReadingMeasure,
  newClientReadingId,
  type EntryDraft,
  type ReadingMeasure,
} from '../../../services/readingForms';
import { loadLastReading, type LatestReadingView } from '../../../services/readingOverview';
import type { ReadingResultView, UrgentPlanView } from '../../../services/readingResult';
import { submitReading } from '../../../services/readings';
import { loadHeightCm } from '../../../services/records';
import { userMessageOf } from '../../../services/errors';

export type Phase =
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'saved'; result: ReadingResultView; showUrgent: boolean }
  | { kind: 'queued'; message: string; urgentPlan: UrgentPlanView | null; valueText: string; showUrgent: boolean };

/** The phases that show the result screen instead of the form. */
export type ResultPhase = Extract<Phase, { kind: 'saved' | 'queued' }>;

function freshDraft(measure: ReadingMeasure, now: Date): EntryDraft {
  return { measure, values: {}, arm: 'left', timeOfDay: defaultTimeOfDay(now), timing: 'fasting', measuredAt: now };
}

/** The entry page's form: the draft, which field the pad types into, the checks, and saving once. */
export function useReadingEntry() {
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

  const fillLast = () => {
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

  return { measure, fields, draft, setDraft, now, check, activeField, mean, bmi, heightCm, last, team, phase, setPhase, error, focus, nextField, onKey, fillLast, save, again };
}
