import type { DayDifference } from './what-if';

/**
 * The per-day difference as a self-contained SVG bar chart for a report: one group of three bars per
 * digest date (newly flagged, no longer flagged, changed level), with a title and description for
 * screen readers, axis labels, a legend, and a <title> on every bar (a tooltip, and what a screen
 * reader announces). Colours are from the Okabe–Ito palette, distinguishable with colour-blindness,
 * and each series keeps its place in the group, so colour is not the only cue. Hand-written: a chart library
 * would be a large dependency for three series of bars. Pure.
 */
export type ChartText = Readonly<{ title: string; subtitle?: string; description: string }>;

const series = [
  { key: 'newlyFlagged', label: 'Newly flagged', colour: '#D55E00' },
  { key: 'noLongerFlagged', label: 'No longer flagged', colour: '#0072B2' },
  { key: 'changedLevel', label: 'Changed level', colour: '#E69F00' },
] as const;

const escapeXml = (value: string | number) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** 1, 2 or 5 times a power of ten, so the axis reads in round numbers. */
function niceStep(max: number, ticks = 5): number {
  const rough = Math.max(1, max / ticks);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? rough;
}

export function whatIfChartSvg(days: readonly DayDifference[], text: ChartText): string {
  const margin = { top: 84, right: 24, bottom: 84, left: 64 };
  const groupWidth = Math.max(36, Math.min(90, 900 / Math.max(days.length, 1)));
  const plotWidth = Math.max(540, groupWidth * days.length);
  const plotHeight = 280;
  const width = margin.left + plotWidth + margin.right;
  const height = margin.top + plotHeight + margin.bottom;
  const max = Math.max(1, ...days.flatMap((day) => series.map((s) => day[s.key])));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const bar = (groupWidth * 0.8) / series.length;
  // Label every date while they fit, otherwise every n-th one.
  const labelEvery = Math.ceil(days.length / Math.max(1, Math.floor(plotWidth / 70)));

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="chart-title">${escapeXml(text.title)}</title>`,
    `<desc id="chart-desc">${escapeXml(text.description)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="24" font-size="16" font-weight="bold" fill="#000000">${escapeXml(text.title)}</text>`,
    ...(text.subtitle ? [`<text x="${margin.left}" y="42" fill="#333333">${escapeXml(text.subtitle)}</text>`] : []),
  ];
  for (let value = 0; value <= top; value += step) {
    out.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(value)}" y2="${y(value)}" stroke="#dddddd"/>`,
      `<text x="${margin.left - 8}" y="${y(value) + 4}" text-anchor="end" fill="#000000">${value}</text>`,
    );
  }
  days.forEach((day, index) => {
    const x0 = margin.left + index * groupWidth + groupWidth * 0.1;
    series.forEach((s, position) => {
      const value = day[s.key];
      const x = x0 + position * bar;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${(margin.top + plotHeight - y(value)).toFixed(1)}" fill="${s.colour}">` +
          `<title>${escapeXml(`${day.date}: ${value} ${s.label.toLowerCase()}`)}</title></rect>`,
      );
    });
    if (index % labelEvery === 0) {
      const cx = margin.left + index * groupWidth + groupWidth / 2;
      out.push(`<text x="${cx.toFixed(1)}" y="${margin.top + plotHeight + 16}" text-anchor="end" transform="rotate(-35 ${cx.toFixed(1)} ${margin.top + plotHeight + 16})" fill="#000000">${escapeXml(day.date)}</text>`);
    }
  });
  out.push(
    `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#000000"/>`,
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#000000"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle" fill="#000000">Digest date</text>`,
    `<text x="16" y="${margin.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotHeight / 2})" fill="#000000">Families</text>`,
  );
  series.forEach((s, index) => {
    const x = margin.left + index * 150;
    out.push(`<rect x="${x}" y="56" width="12" height="12" fill="${s.colour}"/>`, `<text x="${x + 18}" y="66" fill="#000000">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** What the chart says, in words, for its <desc>: the totals and the busiest day. */
export function describeDays(days: readonly DayDifference[], rules: { inForce: string; alternative: string }): string {
  const total = (key: (typeof series)[number]['key']) => days.reduce((sum, day) => sum + day[key], 0);
  const busiest = [...days].sort((a, b) => b.newlyFlagged + b.noLongerFlagged + b.changedLevel - (a.newlyFlagged + a.noLongerFlagged + a.changedLevel))[0];
  const span = days.length ? `${days.length} digest dates from ${days[0].date} to ${days[days.length - 1].date}` : 'no digest dates';
  return (
    `Bar chart of families whose level differs per day when digests issued under rules ${rules.inForce} are re-derived with rules ${rules.alternative}, over ${span}. ` +
    `In total ${total('newlyFlagged')} newly flagged (high or medium), ${total('noLongerFlagged')} no longer flagged, ${total('changedLevel')} changed level.` +
    (busiest ? ` The busiest day is ${busiest.date}.` : '')
  );
}
