import { createCanvas } from '@napi-rs/canvas';
import type { TopToken } from '../models/engine-types.ts';
import { visibleToken } from '../models/token-text.ts';
import { percent } from '../common/number-format.ts';

/** The chart's file name; the embed shows it as `attachment://top-k.png`. */
export const TOP_K_CHART_NAME = 'top-k.png';

export interface ChartOptions {
  /** pixels; default 640 */
  width?: number;
  /** pixels per bar; default 26 */
  rowHeight?: number;
  /** longest token label, in characters; default 18 */
  labelMax?: number;
}

// Discord's dark theme, so the image sits in the embed without a white box.
const BACKGROUND = '#2b2d31';
const BAR = '#5865f2';
const TEXT = '#dbdee1';
const FONT = '15px "DejaVu Sans Mono", monospace';

/**
 * A horizontal bar chart of the top-k next-token probabilities, tokens with visible
 * spaces ("␣John"), bars scaled to the most likely token, as a PNG.
 *
 * @example renderTopKChart([{ id: 1757, text: ' John', prob: 0.61, logprob: -0.49, logit: 3.2 }]) // <Buffer 89 50 4e 47 …>
 */
export function renderTopKChart(top: TopToken[], options: ChartOptions = {}): Buffer {
  const { width = 640, rowHeight = 26, labelMax = 18 } = options;
  if (top.length === 0) throw new Error('a chart needs at least one token');
  const padding = 10;
  const height = padding * 2 + rowHeight * top.length;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';

  const labels = top.map((t) => {
    const label = visibleToken(t.text);
    return label.length > labelMax ? `${label.slice(0, labelMax - 1)}…` : label;
  });
  const labelWidth = Math.max(...labels.map((l) => ctx.measureText(l).width)) + 12;
  const valueWidth = ctx.measureText('00.00%').width + 12;
  const barSpace = Math.max(20, width - padding * 2 - labelWidth - valueWidth);
  const maxProb = Math.max(...top.map((t) => t.prob), Number.MIN_VALUE);

  top.forEach((t, i) => {
    const y = padding + i * rowHeight;
    const middle = y + rowHeight / 2;
    ctx.fillStyle = TEXT;
    ctx.textAlign = 'right';
    ctx.fillText(labels[i], padding + labelWidth - 8, middle);
    const barWidth = Math.max(1, (t.prob / maxProb) * barSpace);
    ctx.fillStyle = BAR;
    ctx.fillRect(padding + labelWidth, y + 4, barWidth, rowHeight - 8);
    ctx.fillStyle = TEXT;
    ctx.textAlign = 'left';
    ctx.fillText(percent(t.prob), padding + labelWidth + barWidth + 6, middle);
  });
  return canvas.toBuffer('image/png');
}
