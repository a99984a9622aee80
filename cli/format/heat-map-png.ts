import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/**
 * Heat maps as PNG images (for the CLI's --png and for the bot to attach): one or more
 * panels side by side, each a labelled grid of cells with a colour bar.
 */
export interface HeatMapPanel {
  title: string;
  /** values[row][column] */
  values: number[][];
  rowLabels: string[];
  columnLabels: string[];
  rowAxis?: string;
  columnAxis?: string;
  /**
   * 'diverging': blue (negative) – white (0) – red (positive), symmetric around 0;
   * 'sequential': white (0) – dark blue (the largest value, or 1 for probabilities)
   */
  scale: 'diverging' | 'sequential';
  /** the value drawn at full colour; default the largest |value| */
  max?: number;
  /** print each cell's value in it when cells are large enough; default true */
  cellText?: boolean;
  /** text to print in each cell instead of its value (e.g. the top token of a logit lens) */
  cellLabels?: string[][];
}

/**
 * One symmetric full-colour value for panels that are compared with each other, so that
 * ±0.007 in one panel does not look as strong as ±1.2 in the next.
 */
export function sharedMax(panels: Pick<HeatMapPanel, 'values'>[]): number {
  return Math.max(1e-12, ...panels.flatMap((p) => p.values.flat().map((v) => (Number.isFinite(v) ? Math.abs(v) : 0))));
}

const FONT = 'DejaVu Sans, Arial, sans-serif';
const MARGIN = 16;
const TITLE_HEIGHT = 28;
const BAR_WIDTH = 14;

function mix(a: number[], b: number[], t: number): string {
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * Math.min(1, Math.max(0, t))));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const WHITE = [255, 255, 255];
const RED = [178, 24, 43];
const BLUE = [33, 102, 172];
const DARK = [8, 48, 107];

export function cellColour(value: number, scale: HeatMapPanel['scale'], max: number): string {
  if (!Number.isFinite(value)) return 'rgb(200,200,200)';
  const t = max > 0 ? value / max : 0;
  if (scale === 'sequential') return mix(WHITE, DARK, t);
  return t >= 0 ? mix(WHITE, RED, t) : mix(WHITE, BLUE, -t);
}

interface Layout {
  cell: number;
  rowLabelWidth: number;
  columnLabelHeight: number;
  width: number;
  height: number;
}

function layout(ctx: SKRSContext2D, panel: HeatMapPanel): Layout {
  const rows = panel.values.length;
  const columns = panel.values[0]?.length ?? 0;
  const cell = Math.max(10, Math.min(48, Math.floor(720 / Math.max(rows, columns, 1))));
  ctx.font = `${Math.min(12, cell - 2)}px ${FONT}`;
  const rowLabelWidth = Math.ceil(Math.max(0, ...panel.rowLabels.map((l) => ctx.measureText(l).width))) + 8 + (panel.rowAxis ? 18 : 0);
  const columnLabelHeight = Math.ceil(Math.max(0, ...panel.columnLabels.map((l) => ctx.measureText(l).width))) + 8 + (panel.columnAxis ? 18 : 0);
  ctx.font = `bold 14px ${FONT}`;
  const titleWidth = Math.ceil(ctx.measureText(panel.title).width) + 8;
  return {
    cell,
    rowLabelWidth,
    columnLabelHeight,
    width: Math.max(titleWidth, rowLabelWidth + columns * cell + 12 + BAR_WIDTH + 48),
    height: TITLE_HEIGHT + columnLabelHeight + rows * cell,
  };
}

function drawPanel(ctx: SKRSContext2D, panel: HeatMapPanel, box: Layout, x0: number, y0: number): void {
  const { cell, rowLabelWidth, columnLabelHeight } = box;
  const rows = panel.values.length;
  const columns = panel.values[0]?.length ?? 0;
  const max = panel.max ?? Math.max(1e-12, ...panel.values.flat().map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
  const fontSize = Math.min(12, cell - 2);
  ctx.fillStyle = '#000';
  ctx.font = `bold 14px ${FONT}`;
  ctx.textBaseline = 'top';
  ctx.fillText(panel.title, x0, y0 + 4);

  const gx = x0 + rowLabelWidth;
  const gy = y0 + TITLE_HEIGHT + columnLabelHeight;
  ctx.font = `${fontSize}px ${FONT}`;
  ctx.textBaseline = 'middle';
  // column labels, written upwards
  panel.columnLabels.forEach((label, c) => {
    ctx.save();
    ctx.translate(gx + c * cell + cell / 2, gy - 4);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(label, 0, 0);
    ctx.restore();
  });
  ctx.textAlign = 'right';
  panel.rowLabels.forEach((label, r) => ctx.fillText(label, gx - 4, gy + r * cell + cell / 2));
  if (panel.rowAxis) {
    ctx.save();
    ctx.translate(x0 + 8, gy + (rows * cell) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(panel.rowAxis, 0, 0);
    ctx.restore();
  }
  if (panel.columnAxis) {
    ctx.textAlign = 'center';
    ctx.fillText(panel.columnAxis, gx + (columns * cell) / 2, y0 + TITLE_HEIGHT + 8);
  }

  const showText = (panel.cellText ?? true) && cell >= 30;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const v = panel.values[r][c];
      ctx.fillStyle = cellColour(v, panel.scale, max);
      ctx.fillRect(gx + c * cell, gy + r * cell, cell, cell);
      const text = panel.cellLabels?.[r]?.[c] ?? (Number.isFinite(v) ? (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2)) : undefined);
      if (showText && text !== undefined) {
        ctx.fillStyle = Number.isFinite(v) && Math.abs(v) / max > 0.6 ? '#fff' : '#000';
        ctx.textAlign = 'center';
        ctx.font = `${Math.min(11, cell / 3.2)}px ${FONT}`;
        ctx.fillText(text, gx + c * cell + cell / 2, gy + r * cell + cell / 2, cell - 2);
      }
    }
  }
  ctx.strokeStyle = '#888';
  ctx.strokeRect(gx, gy, columns * cell, rows * cell);

  // colour bar
  const bx = gx + columns * cell + 12;
  const barHeight = Math.max(rows * cell, 60);
  const low = panel.scale === 'diverging' ? -max : 0;
  for (let i = 0; i < barHeight; i++) {
    const v = max - ((max - low) * i) / barHeight;
    ctx.fillStyle = cellColour(v, panel.scale, max);
    ctx.fillRect(bx, gy + i, BAR_WIDTH, 1);
  }
  ctx.fillStyle = '#000';
  ctx.font = `10px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.fillText(max.toPrecision(2), bx + BAR_WIDTH + 3, gy + 4);
  ctx.fillText(low.toPrecision(2), bx + BAR_WIDTH + 3, gy + barHeight - 4);
}

/**
 * Render panels side by side as one PNG.
 *
 * @example writeFileSync('heads.png', renderHeatMapPng([{ title: 'attribution', values, rowLabels: ['L0', 'L1'], columnLabels: ['H0', 'H1'], scale: 'diverging' }]))
 */
export function renderHeatMapPng(panels: HeatMapPanel[]): Buffer {
  const measure = createCanvas(1, 1).getContext('2d');
  const boxes = panels.map((p) => layout(measure, p));
  const width = MARGIN + boxes.reduce((a, b) => a + b.width + MARGIN, 0);
  const height = 2 * MARGIN + Math.max(...boxes.map((b) => Math.max(b.height, TITLE_HEIGHT + b.columnLabelHeight + 60)));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  let x = MARGIN;
  panels.forEach((panel, i) => {
    drawPanel(ctx, panel, boxes[i], x, MARGIN);
    x += boxes[i].width + MARGIN;
  });
  return canvas.toBuffer('image/png');
}
