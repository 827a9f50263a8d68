import { all } from '../disclosure-control';
import type { HotspotTable } from './hotspot-figures';

/**
 * Incidents per area as a self-contained, accessible SVG: one labelled horizontal bar per area
 * (never a map of points), its count written beside it, a suppressed area drawn as an outlined
 * empty bar with "[c] not published" written out, so neither the count nor suppression is told by
 * colour alone. `role="img"` with a <title> and a <desc> that states the figures in words; text is
 * #0b0c0c on white (contrast about 19:1); bars are #1d70b8 (5.2:1 against white). Pure.
 */
export type HotspotChartText = Readonly<{ title: string; subtitle: string }>;

export const chartColours = { text: '#0b0c0c', background: '#ffffff', bar: '#1d70b8' } as const;

const escapeXml = (value: string | number) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

export function hotspotChartSvg(table: HotspotTable, text: HotspotChartText): string {
  const totals = table.areas.map((area) => {
    const figure = table.figures.find((f) => f.dims.area === area && f.dims.category === all);
    return { area, shown: figure?.shown ?? null };
  });
  const margin = { top: 72, right: 180, bottom: 48, left: 96 };
  const rowHeight = 26;
  const plotWidth = 480;
  const width = margin.left + plotWidth + margin.right;
  const height = margin.top + Math.max(1, totals.length) * rowHeight + margin.bottom;
  const max = Math.max(1, ...totals.map((row) => row.shown ?? 0));
  const { text: ink, background, bar } = chartColours;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="hotspots-title hotspots-desc" font-family="Arial, Helvetica, sans-serif" font-size="13">`,
    `<title id="hotspots-title">${escapeXml(text.title)}</title>`,
    `<desc id="hotspots-desc">${escapeXml(describeHotspots(table, text.subtitle))}</desc>`,
    `<rect width="${width}" height="${height}" fill="${background}"/>`,
    `<text x="16" y="26" font-size="17" font-weight="bold" fill="${ink}">${escapeXml(text.title)}</text>`,
    `<text x="16" y="48" fill="${ink}">${escapeXml(text.subtitle)}</text>`,
  ];
  totals.forEach((row, index) => {
    const y = margin.top + index * rowHeight;
    out.push(`<text x="${margin.left - 10}" y="${y + 17}" text-anchor="end" fill="${ink}">${escapeXml(row.area)}</text>`);
    if (row.shown === null) {
      out.push(
        `<rect x="${margin.left}" y="${y + 4}" width="${plotWidth / 8}" height="${rowHeight - 8}" fill="${background}" stroke="${ink}" stroke-dasharray="4 3"><title>${escapeXml(`${row.area}: not published (small numbers)`)}</title></rect>`,
        `<text x="${margin.left + plotWidth / 8 + 8}" y="${y + 17}" fill="${ink}">[c] not published</text>`,
      );
    } else {
      const length = (row.shown / max) * plotWidth;
      out.push(
        `<rect x="${margin.left}" y="${y + 4}" width="${length.toFixed(1)}" height="${rowHeight - 8}" fill="${bar}"><title>${escapeXml(`${row.area}: ${row.shown} incidents`)}</title></rect>`,
        `<text x="${(margin.left + length + 8).toFixed(1)}" y="${y + 17}" fill="${ink}">${row.shown}</text>`,
      );
    }
  });
  const axisY = margin.top + Math.max(1, totals.length) * rowHeight;
  out.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${axisY}" stroke="${ink}"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${axisY + 30}" text-anchor="middle" fill="${ink}">Incidents concerning families supported (all categories)</text>`,
    '</svg>',
  );
  return out.join('\n') + '\n';
}

/** The chart in words: every area's total, or that it is not published. */
export function describeHotspots(table: HotspotTable, subtitle: string): string {
  const grand = table.figures.find((f) => f.dims.area === all && f.dims.category === all)?.shown;
  const areas = table.areas.map((area) => {
    const shown = table.figures.find((f) => f.dims.area === area && f.dims.category === all)?.shown;
    return `${area} ${shown === null || shown === undefined ? 'not published' : shown}`;
  });
  return `Bar chart of incidents concerning families supported, per area. ${subtitle}. ` + (grand === null || grand === undefined ? 'Total not published. ' : `${grand} in total. `) + (areas.length ? `By area: ${areas.join('; ')}.` : 'No incidents.');
}
