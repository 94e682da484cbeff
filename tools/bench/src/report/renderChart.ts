import type { LatencyResult } from '../measureLatency.js';
import type { BenchResults } from './BenchResults.js';
import type { FrontierPoint } from './medianFrontier.js';

/** A colour and a marker per contender, capkit in blues/greens, peers in warm colours. */
const STYLE: Record<string, { color: string; label: string }> = {
  'capkit-documented': { color: '#1f4e9c', label: 'capkit documented' },
  'capkit-eager': { color: '#4a90d9', label: 'capkit eager' },
  'capkit-hazard': { color: '#138a72', label: 'capkit hazard' },
  'capkit-learned': { color: '#2fbf71', label: 'capkit learned' },
  'capkit-hazard-median': { color: '#0b6e4f', label: 'capkit hazard, median' },
  'capkit-learned-median': { color: '#6fd6a8', label: 'capkit learned, median' },
  'capkit-hazard-matched': { color: '#7a4fb0', label: "capkit hazard, median, best peer's budget" },
  'capkit-learned-matched': { color: '#d66fb0', label: "capkit learned, median, best peer's budget" },
  'capkit-callback': { color: '#0d1b2a', label: 'capkit callback' },
  'capkit-callback-lost': { color: '#5c677d', label: 'capkit callback, 10 % lost' },
  capmonster: { color: '#d9481c', label: 'CapMonster client' },
  anticaptcha: { color: '#b5179e', label: 'anti-captcha client' },
  'fetch-loop': { color: '#8a6d1f', label: 'fetch loop (3 s)' },
};

/** Legend entries per row. */
const LEGEND_PER_ROW = 5;

const PANEL = { width: 320, height: 260, left: 52, right: 12, top: 34, bottom: 40 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "Nice" axis ticks from 0 to at least `max`. */
function ticks(max: number): number[] {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, index) => index * step);
}

/** Queries on a log2 axis: the policies span 2 to 40 queries per task. */
const LOG_TICKS = [1, 2, 4, 8, 16, 32, 64];

function panel(
  rows: readonly LatencyResult[],
  frontier: readonly FrontierPoint[],
  title: string,
  offsetX: number,
  yMax: number,
  xMax: number,
): string {
  const plotW = PANEL.width - PANEL.left - PANEL.right;
  const plotH = PANEL.height - PANEL.top - PANEL.bottom;
  const x = (queries: number) => offsetX + PANEL.left + (Math.log2(Math.max(1, queries)) / Math.log2(xMax)) * plotW;
  const y = (latency: number) => PANEL.top + plotH - (Math.max(0, latency) / yMax) * plotH;
  const parts: string[] = [
    `<text x="${offsetX + PANEL.width / 2}" y="18" text-anchor="middle" font-weight="bold">${escape(title)}</text>`,
  ];
  for (const tick of ticks(yMax).filter((value) => value <= yMax)) {
    parts.push(
      `<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.left + plotW}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e5e5e5"/>`,
    );
    parts.push(
      `<text x="${offsetX + PANEL.left - 6}" y="${y(tick) + 4}" text-anchor="end">${(tick / 1_000).toFixed(tick % 1_000 === 0 ? 0 : 1)}</text>`,
    );
  }
  for (const tick of LOG_TICKS.filter((value) => value <= xMax)) {
    parts.push(`<line x1="${x(tick)}" x2="${x(tick)}" y1="${PANEL.top}" y2="${PANEL.top + plotH}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x(tick)}" y="${PANEL.top + plotH + 16}" text-anchor="middle">${tick}</text>`);
  }
  parts.push(
    `<rect x="${offsetX + PANEL.left}" y="${PANEL.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
  );
  parts.push(
    `<text x="${offsetX + PANEL.left + plotW / 2}" y="${PANEL.height - 6}" text-anchor="middle">queries per task (log scale)</text>`,
  );
  parts.push(
    `<text transform="translate(${offsetX + 14} ${PANEL.top + plotH / 2}) rotate(-90)" text-anchor="middle">latency after ready (s)</text>`,
  );
  const line = frontier
    .filter((point) => point.queries >= 1 && point.queries <= xMax && point.medianMs <= yMax)
    .map((point) => `${x(point.queries).toFixed(1)},${y(point.medianMs).toFixed(1)}`);
  if (line.length > 1)
    parts.push(`<polyline points="${line.join(' ')}" fill="none" stroke="#999" stroke-dasharray="4 3"/>`);
  for (const entry of rows) {
    const style = STYLE[entry.contender];
    if (!style || entry.solved === 0) continue;
    const cx = x(entry.queriesPerTask);
    // A whisker from the median up to the p95, then the median as a dot.
    parts.push(
      `<line x1="${cx}" x2="${cx}" y1="${y(entry.latencyMs.median)}" y2="${y(Math.min(yMax, entry.latencyMs.p95))}" stroke="${style.color}" stroke-opacity="0.45" stroke-width="2"/>`,
    );
    parts.push(
      `<circle cx="${cx}" cy="${y(entry.latencyMs.median)}" r="5" fill="${style.color}"><title>${escape(style.label)}: median ${Math.round(entry.latencyMs.median)} ms, p95 ${Math.round(entry.latencyMs.p95)} ms, ${entry.queriesPerTask} queries/task</title></circle>`,
    );
  }
  return parts.join('\n');
}

/**
 * The report's chart, hand-written SVG: one panel per distribution, median latency (dot) and p95
 * (whisker) against queries per task, one colour per client, and the median-latency frontier
 * (dashed: the lowest median any poll schedule reaches for each budget). Lower-left is better.
 */
export function renderChart(results: Pick<BenchResults, 'latency' | 'distributions' | 'frontier'>): string {
  const distributions = results.distributions.filter((distribution) =>
    results.latency.some((entry) => entry.distribution === distribution.id),
  );
  const solved = results.latency.filter((entry) => entry.solved > 0);
  const yMax = Math.max(1_000, ...solved.map((entry) => entry.latencyMs.p95)) * 1.05;
  const xMax = LOG_TICKS.find((tick) => tick >= Math.max(...solved.map((entry) => entry.queriesPerTask), 2)) ?? 64;
  const legendRows = Math.ceil(Object.keys(STYLE).length / LEGEND_PER_ROW);
  const legendHeight = 30 + 16 * legendRows;
  const width = PANEL.width * Math.max(1, distributions.length);
  const height = PANEL.height + legendHeight;
  const panels = distributions.map((distribution, index) =>
    panel(
      results.latency.filter((entry) => entry.distribution === distribution.id),
      results.frontier.find((entry) => entry.distribution === distribution.id)?.points ?? [],
      distribution.id === 'logNormal' ? 'log-normal' : distribution.id,
      index * PANEL.width,
      yMax,
      xMax,
    ),
  );
  const entries = Object.values(STYLE);
  const slot = width / LEGEND_PER_ROW;
  const legend = entries.map((style, index) => {
    const lx = 12 + (index % LEGEND_PER_ROW) * slot;
    const ly = PANEL.height + 12 + 16 * Math.floor(index / LEGEND_PER_ROW);
    return `<circle cx="${lx}" cy="${ly}" r="5" fill="${style.color}"/><text x="${lx + 9}" y="${ly + 4}">${escape(style.label)}</text>`;
  });
  const lineY = PANEL.height + 16 * legendRows + 16;
  legend.push(
    `<line x1="6" x2="22" y1="${lineY}" y2="${lineY}" stroke="#999" stroke-dasharray="4 3"/>` +
      `<text x="26" y="${lineY + 4}">lowest median any poll schedule reaches for that many queries (dynamic programming; network time left out)</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...panels,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
