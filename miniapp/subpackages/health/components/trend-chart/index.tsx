import { Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { layoutChart, type ChartBandInput, type ChartLayout, type ChartPointInput } from './scale';
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

type Canvas2d = { width: number; height: number; getContext(kind: '2d'): CanvasRenderingContext2D | null };

function draw(ctx: CanvasRenderingContext2D, layout: ChartLayout, widthPx: number, heightPx: number, large: boolean) {
  const font = (size: number) => `${large ? size + 4 : size}px sans-serif`;
  ctx.clearRect(0, 0, widthPx, heightPx);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, widthPx, heightPx);
  const { plot } = layout;

  // Target bands: light green zones with a dashed edge. Their words are in the legend below the
  // chart, not on the canvas, where a label would cover the points (issue 14).
  for (const band of layout.bands) {
    ctx.fillStyle = 'rgba(29, 107, 47, 0.14)';
    ctx.fillRect(plot.left, band.top, plot.right - plot.left, Math.max(1, band.bottom - band.top));
    ctx.strokeStyle = '#1d6b2f';
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(plot.left, band.top);
    ctx.lineTo(plot.right, band.top);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // Grid and axis labels.
  ctx.strokeStyle = '#d5d8dc';
  ctx.lineWidth = 1;
  ctx.fillStyle = '#333333';
  ctx.font = font(14);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of layout.yTicks) {
    ctx.beginPath();
    ctx.moveTo(plot.left, tick.y);
    ctx.lineTo(plot.right, tick.y);
    ctx.stroke();
    ctx.fillText(tick.label, plot.left - 6, tick.y);
  }
  ctx.textBaseline = 'top';
  layout.xTicks.forEach((tick, i) => {
    ctx.textAlign = i === 0 ? 'left' : i === layout.xTicks.length - 1 ? 'right' : 'center';
    ctx.fillText(tick.label, tick.x, plot.bottom + 8);
  });

  // Lines per series, then dots coloured by grade.
  layout.lines.forEach((line, index) => {
    if (line.length < 2) return;
    ctx.strokeStyle = seriesColors[index] ?? '#0b4f9c';
    ctx.lineWidth = 2;
    ctx.setLineDash(index === 1 ? [5, 4] : []);
    ctx.beginPath();
    line.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.stroke();
    ctx.setLineDash([]);
  });
  for (const dot of layout.dots) {
    const radius = dot.emphasis ? 7 : 5;
    ctx.beginPath();
    ctx.arc(dot.x, dot.y, radius, 0, Math.PI * 2);
    ctx.fillStyle = dot.color;
    ctx.fill();
    ctx.lineWidth = dot.emphasis ? 3 : 1.5;
    ctx.strokeStyle = dot.emphasis ? '#000000' : '#ffffff';
    ctx.stroke();
  }
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
          const ctx = canvas?.getContext('2d');
          if (!canvas || !ctx) return;
          const widthPx = found.width || 340;
          const height = found.height || heightPx;
          const info = Taro.getSystemInfoSync();
          const dpr = info.pixelRatio || 1;
          canvas.width = Math.round(widthPx * dpr);
          canvas.height = Math.round(height * dpr);
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.scale(dpr, dpr);
          const layout = layoutChart({ points, seriesKeys: series.map((s) => s.key), bands, fromMs, toMs, widthPx, heightPx: height, paddingPx: { left: large ? 56 : 46, right: 18, top: 14, bottom: large ? 38 : 32 } });
          draw(ctx, layout, widthPx, height, large);
          setDrawn(true);
        });
    };
    // Let the canvas mount (weapp renders a tick later than React commits).
    const timer = setTimeout(render, 50);
    return () => clearTimeout(timer);
  }, [canvasId, points, series, bands, fromMs, toMs, heightPx, large]);

  return (
    <View className="pb-chart" data-testid={testId} data-point-count={points.length} data-drawn={drawn ? 'yes' : 'no'}>
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
      </View>
    </View>
  );
}

export default TrendChart;
