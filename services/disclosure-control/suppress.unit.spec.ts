import { all, contains, gridFigures, uniqueFigures, parseFigureKey, partsOf, suppressSmallNumbers, type ControlledFigure } from '.';

const rule = { threshold: 10 };
const small = (value: number) => value > 0 && value < rule.threshold;

/** Every way the brief names to recover a withheld small count, checked over all published figures. */
function recoverable(figures: readonly ControlledFigure[]): string[] {
  const shown = figures.filter((figure) => figure.shown !== null);
  const problems: string[] = [];
  for (const a of shown) {
    if (small(a.value)) problems.push(`${a.key} is published`);
    for (const b of shown) {
      if (a !== b && contains(a, b) && small(a.value - b.value)) problems.push(`${a.key} − ${b.key} = ${a.value - b.value}`);
    }
    for (const dimension of Object.keys(a.dims).filter((name) => a.dims[name] === all)) {
      const rest = a.value - partsOf(a, dimension, shown).reduce((sum, part) => sum + part.value, 0);
      if (small(rest)) problems.push(`${a.key} minus its published parts along ${dimension} = ${rest}`);
    }
  }
  return problems;
}

const table = (cells: number[][]) =>
  gridFigures({
    measure: 'events',
    rows: { dimension: 'month', values: cells.map((_, i) => `m${i + 1}`) },
    columns: { dimension: 'agency', values: cells[0].map((_, j) => `a${j + 1}`) },
    count: (row, column) => cells[Number(row.slice(1)) - 1][Number(column?.slice(1)) - 1],
  });

describe('small-number suppression', () => {
  it('publishes every figure when none is small', () => {
    const result = suppressSmallNumbers(table([[20, 30], [0, 15]]), rule);
    expect(result.every((figure) => figure.shown === figure.value)).toBe(true);
  });

  it('withholds a small cell and another in its row and column, so the totals cannot give it away', () => {
    const result = suppressSmallNumbers(table([[20, 3, 40], [25, 30, 35]]), rule);
    const withheld = result.filter((figure) => figure.shown === null).map((figure) => figure.key);
    expect(withheld).toContain('events agency=a2 month=m1');
    expect(withheld.length).toBeGreaterThanOrEqual(4);
    expect(recoverable(result)).toEqual([]);
    // The totals survive: the secondary cells were chosen among the parts.
    expect(result.find((figure) => figure.key === 'events agency=* month=*')?.shown).toBe(153);
  });

  it('does not let a grand total minus the one published cell reveal a small remainder', () => {
    const result = suppressSmallNumbers(table([[20, 0], [0, 3]]), rule);
    expect(recoverable(result)).toEqual([]);
    expect(result.filter((figure) => figure.shown !== null && figure.value > 0).map((figure) => figure.key)).toEqual(['events agency=* month=*']);
  });

  it('leaves no small cell determined by sums and differences across rows and columns', () => {
    // One small cell per row, in different columns: row and column rules alone can leave a cycle that pins them.
    const cells = [[4, 30, 25], [30, 5, 22], [27, 31, 6]];
    const result = suppressSmallNumbers(table(cells), rule);
    expect(recoverable(result)).toEqual([]);
    expect(result.filter((figure) => figure.suppression === 'primary')).toHaveLength(3);
  });

  it('is safe over many random tables, checked exhaustively', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 120; round += 1) {
      const rows = 1 + Math.floor(next() * 5);
      const columns = 1 + Math.floor(next() * 5);
      const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (next() < 0.3 ? 0 : Math.floor(next() * 30))));
      const result = suppressSmallNumbers(table(cells), rule);
      expect(recoverable(result)).toEqual([]);
    }
  });

  it('guards figures of one measure across tables: matched events within received ones', () => {
    const received = gridFigures({ measure: 'events', fixed: { outcome: all }, rows: { dimension: 'month', values: ['m1'] }, columns: { dimension: 'agency', values: ['police'] }, count: () => 30 });
    const outcomes = gridFigures({
      measure: 'events', fixed: { agency: all }, rows: { dimension: 'month', values: ['m1'] }, columns: { dimension: 'outcome', values: ['matched', 'unmatched'] },
      count: (_, outcome) => (outcome === 'matched' ? 28 : 2),
    });
    const figures = uniqueFigures([...received, ...outcomes]);
    expect(figures).toHaveLength(received.length + outcomes.length - 2);
    const result = suppressSmallNumbers(figures, rule);
    expect(recoverable(result)).toEqual([]);
    expect(result.find((figure) => figure.dims.outcome === 'matched' && figure.dims.month === 'm1')?.shown).toBeNull();
  });

  it('publishes counts that do not add up (families per month) with primary suppression only', () => {
    const figures = gridFigures({ measure: 'families', rows: { dimension: 'month', values: ['m1', 'm2'] }, rowTotals: false, count: (month) => (month === 'm1' ? 4 : 40) });
    expect(suppressSmallNumbers(figures, rule).map((figure) => figure.shown)).toEqual([null, 40]);
  });

  it('names each figure so a reader of the page can parse it back', () => {
    expect(parseFigureKey('events agency=police month=2026-03 outcome=*')).toEqual({ measure: 'events', dims: { agency: 'police', month: '2026-03', outcome: '*' } });
  });

  it('refuses a threshold that suppresses nothing', () => {
    expect(() => suppressSmallNumbers([], { threshold: 1 })).toThrow(/at least 2/);
  });
});
