import { digestIssued, digestItem, familyDigest } from '../digest/digest-fixture';
import { compareDigests, dayDifferences } from './what-if';
import { whatIfChartSvg, describeDays } from './what-if-chart';
import { dayDifferencesCsv, familyChangesCsv } from './what-if-csv';

const family = (familyId: string, riskLevel: 'high' | 'medium' | 'low' | 'information') =>
  familyDigest([digestItem({ familyId, matchId: `m-${familyId}`, riskLevel })], { riskLevel });

/** A small well-formedness check: every tag closes in order, attributes are quoted, text has no bare & or <. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  for (const token of body.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (!token.startsWith('<')) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(token)) return false;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!tag) return false;
    const [, closing, name, , selfClosing] = tag;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name);
  }
  return stack.length === 0;
}

describe('what-if: comparing a digest under the rules in force with the same digest under other rules', () => {
  const inForce = digestIssued([family('F1', 'low'), family('F2', 'high'), family('F3', 'medium'), family('F4', 'information'), family('F5', 'high')]);
  const alternative = digestIssued([family('F1', 'medium'), family('F2', 'low'), family('F3', 'high'), family('F4', 'low'), family('F5', 'high')]);

  it('counts each family whose level differs once: newly flagged, no longer flagged, or changed level', () => {
    const comparison = compareDigests(inForce, alternative);
    expect(comparison.familiesCompared).toBe(5);
    expect(comparison.changes.map((c) => [c.familyId, c.inForce, c.alternative, c.change])).toEqual([
      ['F1', 'low', 'medium', 'newly-flagged'],
      ['F2', 'high', 'low', 'no-longer-flagged'],
      ['F3', 'medium', 'high', 'changed-level'],
      ['F4', 'information', 'low', 'changed-level'],
    ]);
  });

  it('finds no change when the rules rate every family the same', () => {
    expect(compareDigests(inForce, inForce).changes).toEqual([]);
  });

  it('sums the digests of each day, oldest day first, keeping days where nothing changed', () => {
    const next = digestIssued([family('F1', 'low')], { date: '2026-11-22', practitionerId: 'P-T2' });
    const days = dayDifferences([
      { comparison: compareDigests(next, next), exact: true },
      { comparison: compareDigests(inForce, alternative), exact: true },
      { comparison: compareDigests(inForce, inForce), exact: false },
    ]);
    expect(days).toEqual([
      { date: '2026-11-21', digests: 2, familiesCompared: 10, newlyFlagged: 1, noLongerFlagged: 1, changedLevel: 2, notReproduced: 1 },
      { date: '2026-11-22', digests: 1, familiesCompared: 1, newlyFlagged: 0, noLongerFlagged: 0, changedLevel: 0, notReproduced: 0 },
    ]);
  });

  it('writes the days and the changed families as CSV with a header row', () => {
    const comparison = compareDigests(inForce, alternative);
    const days = dayDifferences([{ comparison, exact: true }]);
    expect(dayDifferencesCsv(days)).toBe(
      'date,digests,families_compared,newly_flagged,no_longer_flagged,changed_level,not_reproduced\n2026-11-21,1,5,1,1,2,0\n',
    );
    const detail = familyChangesCsv(comparison.changes, (id) => `family-${id.toLowerCase()}`).split('\n');
    expect(detail[0]).toBe('date,practitioner_id,family,level_in_force,level_alternative,change');
    expect(detail[1]).toBe('2026-11-21,P-T1,family-f1,low,medium,newly-flagged');
    expect(detail).toHaveLength(comparison.changes.length + 2);
  });

  describe('the chart', () => {
    const days = dayDifferences([
      { comparison: compareDigests(inForce, alternative), exact: true },
      { comparison: compareDigests(digestIssued([], { date: '2026-11-22' }), digestIssued([], { date: '2026-11-22' })), exact: true },
    ]);
    const description = describeDays(days, { inForce: '2026.1', alternative: 'stricter & "bolder" <x>' });
    const svg = whatIfChartSvg(days, { title: 'What if <stricter> rules & more', description });

    it('is well-formed SVG, with its title and description escaped', () => {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(wellFormed(svg)).toBe(true);
      expect(svg).toContain('<title id="chart-title">What if &lt;stricter&gt; rules &amp; more</title>');
    });

    it('can be read by a screen reader: role, title, description in words, a title on every bar', () => {
      expect(svg).toMatch(/role="img" aria-labelledby="chart-title chart-desc"/);
      expect(svg).toContain('<desc id="chart-desc">Bar chart of families whose level differs per day');
      expect(description).toContain('In total 1 newly flagged (high or medium), 1 no longer flagged, 2 changed level.');
      expect(svg.match(/<rect [^>]*fill="#(D55E00|0072B2|E69F00)"><title>/g)).toHaveLength(days.length * 3);
      expect(svg).toContain('<title>2026-11-21: 1 newly flagged</title>');
    });

    it('labels both axes, every date and the three series in a legend', () => {
      for (const label of ['Digest date', 'Families', 'Newly flagged', 'No longer flagged', 'Changed level', '2026-11-21', '2026-11-22']) {
        expect(svg).toContain(`>${label}</text>`);
      }
    });

    it('stays well-formed with no days at all', () => {
      expect(wellFormed(whatIfChartSvg([], { title: 'nothing', description: describeDays([], { inForce: 'a', alternative: 'b' }) }))).toBe(true);
    });
  });
});
