import { formatCsvExtractReport } from './report';

describe('the CSV extract section of the bench report', () => {
  it('shows one row per size with throughput and memory, and a failed size with its reason', () => {
    const run = {
      rows: 100_000, fileBytes: 23 * 1024 ** 2, accepted: 98_125, rejected: 1_875, seconds: 20, rowsPerSecond: 5_000, rowsPerCpuSecond: 6_000,
      baselineRssBytes: 110 * 1024 ** 2, peakRssBytes: 170 * 1024 ** 2, peakHeapUsedBytes: 80 * 1024 ** 2, retainedHeapBytes: 19 * 1024 ** 2,
    };
    const markdown = formatCsvExtractReport([run, { error: 'csv-extract {"rows":1}: exit code 1' }]);
    expect(markdown).toContain('| 100,000 | 23 MB | 98,125 / 1,875 | 5,000 | 6,000 | 110 MB → 170 MB | 80 MB | 19 MB |');
    expect(markdown).toContain('| failed: csv-extract {"rows":1}: exit code 1 |');
  });
});
