/**
 * Progress for long work, on stderr so stdout stays parseable. On a terminal one line redraws in
 * place; elsewhere (CI, pipes) a line is printed at each quarter so logs stay short.
 */
export type ProgressReporter = (done: number | bigint, total: number | bigint) => void;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let lastQuarter = -1;
  return (doneValue, totalValue) => {
    const done = Number(doneValue);
    const total = Number(totalValue);
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (fraction >= 1) stream.write('\n');
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      stream.write(`${label}: ${done}/${total}\n`);
    }
  };
}

export const say = (line: string) => process.stderr.write(`${line}\n`);
