import { chunks, rowsPerStatement } from './chunks';

describe('chunks', () => {
  it('splits a list into consecutive slices of at most the given size, in order', () => {
    expect([...chunks([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...chunks([1, 2, 3, 4], 2)]).toEqual([[1, 2], [3, 4]]);
  });

  it('yields nothing for an empty list, so no empty statement is sent', () => {
    expect([...chunks([], 10)]).toEqual([]);
  });

  it('keeps a statement of 65 columns a row within PostgreSQL\'s 65,535 bind parameters by default', () => {
    const rows = Array.from({ length: 20_006 }, (_, index) => index);
    const sizes = [...chunks(rows)].map((chunk) => chunk.length);
    expect(Math.max(...sizes) * 65).toBeLessThanOrEqual(65_535);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(20_006);
    expect(rowsPerStatement).toBe(1000);
  });

  it('refuses a size that would never finish', () => {
    expect(() => [...chunks([1], 0)]).toThrow(RangeError);
    expect(() => [...chunks([1], 1.5)]).toThrow(RangeError);
  });
});
