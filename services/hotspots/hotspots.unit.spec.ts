import { all } from '../disclosure-control';
import { periodEnding } from '../transparency/months';
import { hotspotChartSvg, hotspotCsv, hotspotTable, postcodeArea } from '.';

describe('hot spots', () => {
  it('reduces a postcode to its district or sector, never finer', () => {
    expect(postcodeArea('ls9 8ab', 'district')).toBe('LS9');
    expect(postcodeArea('LS9 8AB', 'sector')).toBe('LS9 8');
    expect(postcodeArea('EC1A1BB', 'sector')).toBe('EC1A 1');
    expect(postcodeArea('not a postcode', 'district')).toBeNull();
  });

  it('suppresses small cells and writes them empty in the CSV and as not published in the chart', () => {
    const table = hotspotTable(
      [
        { area: 'BA1', agency: 'police', category: 'DOMESTIC_ABUSE', count: 25 },
        { area: 'BA1', agency: 'housing', category: 'RENT_ARREARS', count: 3 },
        { area: 'BA2', agency: 'police', category: 'DOMESTIC_ABUSE', count: 30 },
        { area: 'BA2', agency: 'housing', category: 'RENT_ARREARS', count: 40 },
        { area: 'BA10', agency: 'police', category: 'DOMESTIC_ABUSE', count: 2 },
      ],
      { threshold: 10 },
    );
    expect(table.areas).toEqual(['BA1', 'BA2', 'BA10']);
    expect(table.figures.filter((figure) => figure.shown !== null && figure.shown > 0 && figure.shown < 10)).toEqual([]);
    const csv = hotspotCsv(table.figures);
    expect(csv.split('\n')[0]).toBe('area,category,incidents,suppressed');
    expect(csv).toContain('BA1,housing:RENT_ARREARS,,yes');
    const svg = hotspotChartSvg(table, { title: 'Incidents by district', subtitle: 'March 2026' });
    expect(svg).toContain('[c] not published');
    expect(svg).toContain('<title id="hotspots-title">Incidents by district</title>');
    expect(table.figures.find((figure) => figure.dims.area === all && figure.dims.category === all)?.shown).toBe(100);
  });
});

describe('the transparency period', () => {
  it('runs back from the last month across a year end, in London months', () => {
    const period = periodEnding('2026-02', 3);
    expect(period.months).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(period.from.toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(periodEnding('2026-04', 1).from.toISOString()).toBe('2026-03-31T23:00:00.000Z');
  });
});
