/**
 * The trend chart's inputs and its y range (F2 draws; the range is ours so that the target bands
 * are always in view and the ticks are round numbers). No canvas here, so it is unit-tested.
 */
export interface ChartPointInput {
  timeMs: number;
  values: Record<string, number>;
  color: string;
  /** Urgent points get a bigger dot with a ring. */
  emphasis: boolean;
  /** A relative entered it (家属代录): drawn as a square, not a dot. */
  byFamily: boolean;
}

export interface ChartBandInput {
  fromValue: number;
  toValue: number;
  label: string;
}

/** A step of 1, 2 or 5 × 10^k giving about `count` intervals over `span`. */
export function niceStep(span: number, count = 4): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** The y range covering every value and band, padded and snapped to the tick step. */
export function valueRange(values: number[], bands: ChartBandInput[]): { min: number; max: number; step: number } {
  const all = [...values, ...bands.flatMap((b) => [b.fromValue, b.toValue])].filter(Number.isFinite);
  if (all.length === 0) return { min: 0, max: 10, step: niceStep(10) };
  let low = Math.min(...all);
  let high = Math.max(...all);
  if (low === high) {
    low -= Math.max(1, Math.abs(low) * 0.1);
    high += Math.max(1, Math.abs(high) * 0.1);
  }
  const pad = (high - low) * 0.08;
  const step = niceStep(high - low + 2 * pad);
  const min = Math.max(0, Math.floor((low - pad) / step) * step);
  const max = Math.ceil((high + pad) / step) * step;
  return { min, max, step };
}

/** One row per value: F2 wants the series in long form, one field per encoding. */
export interface ChartRow {
  timeMs: number;
  value: number;
  seriesKey: string;
  color: string;
  emphasis: boolean;
  byFamily: boolean;
}

export interface ChartData {
  rows: ChartRow[];
  y: { min: number; max: number; ticks: number[]; decimals: number };
  /** Five evenly spaced dates from the start to the end of the period. */
  xTicksMs: number[];
}

/** The chart's data rows in time order and its axis ticks. */
export function chartData(input: { points: ChartPointInput[]; seriesKeys: string[]; bands: ChartBandInput[]; fromMs: number; toMs: number }): ChartData {
  const rows = [...input.points]
    .sort((a, b) => a.timeMs - b.timeMs)
    .flatMap((p) => input.seriesKeys.flatMap((seriesKey) => (p.values[seriesKey] === undefined ? [] : [{ timeMs: p.timeMs, value: p.values[seriesKey] as number, seriesKey, color: p.color, emphasis: p.emphasis, byFamily: p.byFamily }])));
  // The y range covers the bands too, so a reading far from target still shows where the target is.
  const { min, max, step } = valueRange(
    rows.map((r) => r.value),
    input.bands,
  );
  const decimals = step >= 1 ? 0 : Math.min(2, Math.ceil(-Math.log10(step)));
  const ticks = Array.from({ length: Math.round((max - min) / step) + 1 }, (_, i) => Number((min + i * step).toFixed(decimals)));
  const xTicksMs = Array.from({ length: 5 }, (_, i) => input.fromMs + ((input.toMs - input.fromMs) * i) / 4);
  return { rows, y: { min, max, ticks, decimals }, xTicksMs };
}
