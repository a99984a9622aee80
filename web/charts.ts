import { createHash } from 'node:crypto';
import * as echarts from 'echarts';
import { jsonScript, trusted, html, type SafeHtml } from './html.ts';

/** An ECharts option: plain JSON, rendered to SVG here and again, interactive, in the browser. */
export type ChartOption = Record<string, unknown>;

/** A chart's id, named by its content so that a page renders the same bytes every time. */
function chartId(option: ChartOption): string {
  return `chart-${createHash('sha256').update(JSON.stringify(option)).digest('hex').slice(0, 12)}`;
}

/**
 * ECharts names the SVG's classes, clip paths and gradients after a process-wide instance
 * counter (`zr3-cls-7`); renamed after the chart in order of appearance, the same record
 * gives the same page whatever was rendered before it.
 */
export function stableIds(svg: string, id: string): string {
  const names = new Map<string, string>();
  return svg.replace(/zr\d+-[a-z]+-?\d+/g, (name) => {
    if (!names.has(name)) names.set(name, `${id}-${names.size}`);
    return names.get(name)!;
  });
}

/**
 * A chart that reads without JavaScript: ECharts renders the option to SVG on the server
 * (its SSR mode, no DOM), and /static/web.js re-renders the same option in the browser,
 * which adds the hover values. The library is served by `hunt serve` itself.
 */
export function chart(option: ChartOption, size: { width: number; height: number }, label: string): SafeHtml {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    instance.setOption({ animation: false, ...option });
    svg = instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
  const id = chartId(option);
  return html`<figure class="chart" role="img" aria-label="${label}"><div class="chart-box" data-chart="${id}" style="width:${size.width}px;height:${size.height}px">${trusted(stableIds(svg, id))}</div>${jsonScript(id, option)}</figure>`;
}

/** Top-k probabilities as horizontal bars, the most likely on top. */
export function topKBarChart(labels: string[], probs: number[]): SafeHtml {
  const height = 40 + 26 * labels.length;
  return chart(
    {
      grid: { left: 100, right: 60, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // in percent, the axis fitted to the largest: a flat distribution is still readable
      xAxis: { type: 'value', name: '%', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: labels },
      series: [{ type: 'bar', data: probs.map((p) => Number((p * 100).toPrecision(3))), label: { show: true, position: 'right', formatter: '{c}%' }, itemStyle: { color: '#3b6fb6' } }],
    },
    { width: 440, height },
    `bar chart of the top ${labels.length} next-token probabilities`,
  );
}

/**
 * A layer × head heat map with a diverging scale centred on 0 (red positive, blue
 * negative), the value of each cell on hover.
 */
export function headHeatMap(title: string, values: number[][]): SafeHtml {
  const layers = values.length;
  const heads = values[0]?.length ?? 0;
  const cells = values.flatMap((row, l) => row.map((v, h) => [h, l, Number(v.toFixed(4))]));
  const extent = Math.max(1e-9, ...values.flat().map((v) => Math.abs(v)));
  return chart(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { position: 'top' },
      grid: { left: 50, right: 20, top: 40, bottom: 80 },
      xAxis: { type: 'category', name: 'head', data: Array.from({ length: heads }, (_, h) => `H${h}`), splitArea: { show: true } },
      yAxis: { type: 'category', name: 'layer', inverse: true, data: Array.from({ length: layers }, (_, l) => `L${l}`), splitArea: { show: true } },
      visualMap: { min: -extent, max: extent, precision: 2, calculable: true, orient: 'horizontal', left: 'center', bottom: 5, inRange: { color: ['#2166ac', '#f7f7f7', '#b2182b'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: heads * layers <= 64 }, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } }],
    },
    { width: Math.max(360, 60 + heads * 42), height: Math.max(240, 130 + layers * 30) },
    title,
  );
}
