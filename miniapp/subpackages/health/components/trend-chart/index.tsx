import { Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Axis, Canvas as F2Canvas, Chart, Line, LineGuide, Point, RectGuide, jsx } from '@antv/f2';
import { chartData, type ChartBandInput, type ChartPointInput } from './scale';
import './index.scss';

export interface TrendChartSeries {
  key: string;
  label: string;
}

export interface TrendChartProps {
  /** Unique on the page: the canvas is found by this id. */
  canvasId?: string;
  points: ChartPointInput[];
  series: TrendChartSeries[];
  bands?: ChartBandInput[];
  fromMs: number;
  toMs: number;
  heightPx?: number;
  /** Larger labels (长辈模式). */
  large?: boolean;
  testId?: string;
}

const defaultProps = { canvasId: 'trend-chart', bands: [], heightPx: 260, large: false, testId: 'trend-chart' } satisfies Partial<TrendChartProps>;

const seriesColors = ['#0b4f9c', '#5b3a8c'];
const bandGreen = '#1d6b2f';

type Canvas2d = {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2D | null;
  /** weapp's Canvas 2D node has its own frame clock; H5 uses the window's. */
  requestAnimationFrame?: (callback: () => void) => number;
  cancelAnimationFrame?: (id: number) => void;
};

type F2Element = ReturnType<typeof jsx>;
type OffscreenCanvasLike = NonNullable<ConstructorParameters<typeof F2Canvas>[0]['offscreenCanvas']>;

/**
 * weapp has no DOM canvas for F2 to measure label text on. F2 (AntV G) only calls getContext('2d')
 * on this canvas, so weapp's offscreen canvas serves though it lacks the DOM event methods in G's type.
 */
function textMeasuringCanvas(): OffscreenCanvasLike {
  return Taro.createOffscreenCanvas({ type: '2d', width: 10, height: 10 }) as unknown as OffscreenCanvasLike;
}

/**
 * F2's `jsx` declares its element kinds with props it cannot know, which F2's own chart classes
 * fail under strictFunctionTypes; this one door keeps each element's props checked against its class.
 */
function element<Kind extends new (...args: never[]) => unknown>(kind: Kind, props: ConstructorParameters<Kind>[0], ...children: F2Element[]): F2Element {
  return jsx(kind as unknown as Parameters<typeof jsx>[0], props, ...children);
}

/** The axis labels are canvas text, which the DOM audit cannot see: 长辈模式 keeps them at its 18 px floor. */
const axisLabelPx = (large: boolean) => (large ? 18 : 13);

function dateLabel(ms: number): string {
  const d = new Date(ms);
  return `${d.getMonth() + 1}/${d.getDate()}`;
}

interface ChartSpec {
  points: ChartPointInput[];
  series: TrendChartSeries[];
  bands: ChartBandInput[];
  fromMs: number;
  toMs: number;
  large: boolean;
}

/** The F2 element tree: target bands as green regions, one line per series (the second dashed), dots coloured by grade. */
function chartTree({ points, series, bands, fromMs, toMs, large }: ChartSpec) {
  const { rows, y, xTicksMs } = chartData({ points, seriesKeys: series.map((s) => s.key), bands, fromMs, toMs });
  const labelStyle = { fontSize: axisLabelPx(large), fill: '#333333' };
  const axisStyle = { label: labelStyle, grid: { stroke: '#d5d8dc', lineWidth: 1 } };
  return element(
    Chart,
    {
      data: rows,
      scale: {
        // range: a reading at either end of the period keeps its whole dot inside the plot.
        timeMs: { type: 'linear', min: fromMs, max: Math.max(toMs, fromMs + 1), ticks: xTicksMs, nice: false, range: [0.04, 0.96] },
        value: { type: 'linear', min: y.min, max: y.max, ticks: y.ticks, nice: false },
        seriesKey: { type: 'cat', values: series.map((s) => s.key) },
      },
    },
    ...bands.flatMap((band) => [
      element(RectGuide, { records: [{ timeMs: 'min', value: band.toValue }, { timeMs: 'max', value: band.fromValue }], style: { fill: bandGreen, fillOpacity: 0.14 } }),
      element(LineGuide, { records: [{ timeMs: 'min', value: band.toValue }, { timeMs: 'max', value: band.toValue }], style: { stroke: bandGreen, lineWidth: 1.5, lineDash: [6, 4] } }),
    ]),
    element(Axis, { field: 'timeMs', formatter: (ms: number) => dateLabel(ms), style: { ...axisStyle, label: { ...labelStyle, align: 'between' } } }),
    element(Axis, { field: 'value', formatter: (value: number) => value.toFixed(y.decimals), style: axisStyle }),
    element(Line, {
      x: 'timeMs',
      y: 'value',
      color: { field: 'seriesKey', range: seriesColors },
      shape: { field: 'seriesKey', range: ['line', 'dash'] },
      style: { lineWidth: 2 },
    }),
    // Urgent points: a bigger dot with a black ring; others a thin white edge so overlapping dots stay apart.
    // A relative's entry is a square (legend ■ 家属代录), so the doctor and the elder can tell them apart.
    element(Point, {
      x: 'timeMs',
      y: 'value',
      color: { field: 'color', callback: (color: string) => color },
      shape: { field: 'byFamily', callback: (byFamily: boolean) => (byFamily ? 'rect' : 'circle') },
      size: { field: 'emphasis', callback: (emphasis: boolean) => (emphasis ? 7 : 5) },
      style: { field: 'emphasis', stroke: (emphasis: boolean) => (emphasis ? '#000000' : '#ffffff'), lineWidth: (emphasis: boolean) => (emphasis ? 3 : 1.5) },
    }),
  );
}

/**
 * A small line chart on Taro's Canvas 2D (weapp and H5 alike; on H5 it is a real <canvas>): target
 * band(s) in green, one line per series, each point coloured by its grade. The legend and the
 * readings list on the page carry the same information as text.
 */
export function TrendChart(props: TrendChartProps) {
  const { canvasId, points, series, bands, fromMs, toMs, heightPx, large, testId } = { ...defaultProps, ...props };
  const [drawn, setDrawn] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    let chart: F2Canvas | undefined;
    setDrawn(false);
    const render = () => {
      Taro.createSelectorQuery()
        .select(`#${canvasId}`)
        // nodeCanvasType: H5 needs it to hand out the inner <canvas>; weapp ignores it.
        .fields({ node: true, size: true, nodeCanvasType: true } as Taro.NodesRef.Fields)
        .exec((result: Array<{ node?: Canvas2d | null; width?: number; height?: number } | null>) => {
          if (current !== generation.current) return;
          const found = result?.[0];
          const canvas = found?.node;
          const context = canvas?.getContext('2d');
          if (!canvas || !context) return;
          const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 1;
          const width = found.width || 340;
          const height = found.height || heightPx;
          canvas.width = Math.round(width * pixelRatio);
          canvas.height = Math.round(height * pixelRatio);
          const weappClock = canvas.requestAnimationFrame && canvas.cancelAnimationFrame ? { requestAnimationFrame: canvas.requestAnimationFrame.bind(canvas), cancelAnimationFrame: canvas.cancelAnimationFrame.bind(canvas) } : {};
          chart = new F2Canvas({
            context,
            pixelRatio,
            width,
            height,
            // No entry animation: the chart is read, not watched, and the e2e test reads its pixels.
            animate: false,
            ...(process.env.TARO_ENV === 'weapp' ? { offscreenCanvas: textMeasuringCanvas() } : {}),
            ...weappClock,
            onRender: () => current === generation.current && setDrawn(true),
            children: chartTree({ points, series, bands, fromMs, toMs, large }),
          });
          void chart.render();
        });
    };
    // Let the canvas mount (weapp renders a tick later than React commits).
    const timer = setTimeout(render, 50);
    return () => {
      clearTimeout(timer);
      chart?.destroy();
    };
  }, [canvasId, points, series, bands, fromMs, toMs, heightPx, large]);

  const familyCount = points.filter((p) => p.byFamily).length;
  return (
    <View className="pb-chart" data-testid={testId} data-point-count={points.length} data-family-count={familyCount} data-label-px={axisLabelPx(large)} data-drawn={drawn ? 'yes' : 'no'}>
      <Canvas type="2d" id={canvasId} canvasId={canvasId} className="pb-chart__canvas" style={{ width: '100%', height: `${heightPx}px` }} />
      <View className="pb-chart__legend">
        {series.map((s, index) => (
          <Text key={s.key} className="pb-chart__legend-item">
            {index === 0 ? '━' : '┅'} {s.label}
          </Text>
        ))}
        {bands.length > 0 ? (
          <Text className="pb-chart__legend-item pb-chart__legend-item--band" data-testid={`${testId}-target`}>
            ▇ 目标：{bands.map((band) => band.label).join('，')}
          </Text>
        ) : null}
      </View>
      {/* The same colours as the dots (services/readings.ts chartToneOf). */}
      <View className="pb-chart__legend">
        <Text className="pb-chart__legend-item" style={{ color: '#1d6b2f' }}>
          ● 达标
        </Text>
        <Text className="pb-chart__legend-item" style={{ color: '#9a5b00' }}>
          ● 未达标
        </Text>
        <Text className="pb-chart__legend-item" style={{ color: '#c2410c' }}>
          ● 明显偏高
        </Text>
        <Text className="pb-chart__legend-item" style={{ color: '#a8201a' }}>
          ◉ 紧急
        </Text>
        {familyCount > 0 ? (
          <Text className="pb-chart__legend-item" data-testid={`${testId}-family`}>
            ■ 家属代录
          </Text>
        ) : null}
      </View>
    </View>
  );
}

export default TrendChart;
