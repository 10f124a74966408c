/**
 * Pure layout of the trend chart: value and time ranges → pixel positions, "nice" y ticks, the
 * target bands as rectangles, dots coloured by grade. No canvas here, so it is unit-tested.
 */
export interface ChartPointInput {
  timeMs: number;
  values: Record<string, number>;
  color: string;
  /** Urgent points get a bigger dot with a ring. */
  emphasis: boolean;
}

export interface ChartBandInput {
  fromValue: number;
  toValue: number;
  label: string;
}

export interface ChartInput {
  points: ChartPointInput[];
  seriesKeys: string[];
  bands: ChartBandInput[];
  fromMs: number;
  toMs: number;
  widthPx: number;
  heightPx: number;
  /** Room for y labels on the left and date labels at the bottom. */
  paddingPx?: { left: number; right: number; top: number; bottom: number };
}

export interface ChartDot {
  x: number;
  y: number;
  color: string;
  emphasis: boolean;
  seriesIndex: number;
}

export interface ChartLayout {
  plot: { left: number; top: number; right: number; bottom: number };
  yMin: number;
  yMax: number;
  yTicks: Array<{ value: number; y: number; label: string }>;
  xTicks: Array<{ x: number; label: string }>;
  bands: Array<{ top: number; bottom: number; label: string }>;
  /** One polyline per series, in time order. */
  lines: Array<Array<{ x: number; y: number }>>;
  dots: ChartDot[];
}

const defaultPadding = { left: 44, right: 12, top: 12, bottom: 30 };

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

const decimalsOf = (step: number) => (step >= 1 ? 0 : Math.min(2, Math.ceil(-Math.log10(step))));

function dateLabel(ms: number): string {
  const d = new Date(ms);
  return `${d.getMonth() + 1}/${d.getDate()}`;
}

export function layoutChart(input: ChartInput): ChartLayout {
  const padding = input.paddingPx ?? defaultPadding;
  const plot = { left: padding.left, top: padding.top, right: input.widthPx - padding.right, bottom: input.heightPx - padding.bottom };
  const values = input.points.flatMap((p) => input.seriesKeys.map((k) => p.values[k]).filter((v): v is number => v !== undefined));
  const { min, max, step } = valueRange(values, input.bands);
  const spanMs = Math.max(1, input.toMs - input.fromMs);
  const x = (t: number) => plot.left + ((Math.min(Math.max(t, input.fromMs), input.toMs) - input.fromMs) / spanMs) * (plot.right - plot.left);
  const y = (v: number) => plot.bottom - ((v - min) / (max - min)) * (plot.bottom - plot.top);
  const clampY = (v: number) => Math.min(plot.bottom, Math.max(plot.top, y(v)));

  const decimals = decimalsOf(step);
  const yTicks: ChartLayout['yTicks'] = [];
  for (let value = min; value <= max + step / 1000; value += step) {
    const rounded = Number(value.toFixed(decimals));
    yTicks.push({ value: rounded, y: y(rounded), label: rounded.toFixed(decimals) });
  }

  const xTickCount = 4;
  const xTicks = Array.from({ length: xTickCount + 1 }, (_, i) => {
    const t = input.fromMs + (spanMs * i) / xTickCount;
    return { x: x(t), label: dateLabel(t) };
  });

  const sorted = [...input.points].sort((a, b) => a.timeMs - b.timeMs);
  const lines = input.seriesKeys.map((key) => sorted.flatMap((p) => (p.values[key] === undefined ? [] : [{ x: x(p.timeMs), y: y(p.values[key] as number) }])));
  const dots = sorted.flatMap((p) =>
    input.seriesKeys.flatMap((key, seriesIndex) => (p.values[key] === undefined ? [] : [{ x: x(p.timeMs), y: y(p.values[key] as number), color: p.color, emphasis: p.emphasis, seriesIndex }])),
  );
  const bands = input.bands.map((b) => ({ top: clampY(b.toValue), bottom: clampY(b.fromValue), label: b.label }));
  return { plot, yMin: min, yMax: max, yTicks, xTicks, bands, lines, dots };
}
