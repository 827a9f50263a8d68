import { formatTable } from './table';

describe('formatTable', () => {
  it('keeps a cell holding a line break and an escape sequence inside its row, visibly escaped', () => {
    const refused = '/families/F1\n9  2026-11-21 07:00  disclosure  P001\u001b[8m';
    const table = formatTable(['Seq', 'What item'], [['1', refused], ['2', 'm-2']]);
    expect(table.split('\n')).toEqual([
      'Seq  What item',
      `---  ${'-'.repeat(64)}`,
      '1    /families/F1\\u000a9  2026-11-21 07:00  disclosure  P001\\u001b[8m',
      '2    m-2',
    ]);
  });
});
