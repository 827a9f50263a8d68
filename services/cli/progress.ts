import { escapeForTerminal, terminal } from '../platform/terminal';

/**
 * Progress for long work, on stderr so stdout stays parseable. On a terminal one line redraws in
 * place; elsewhere (CI, pipes) a line is printed at each quarter so logs stay short.
 */
export type ProgressReporter = (done: number | bigint, total: number | bigint) => void;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const shown = escapeForTerminal(label);
  let lastQuarter = -1;
  return (doneValue, totalValue) => {
    const done = Number(doneValue);
    const total = Number(totalValue);
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r${shown} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (fraction >= 1) stream.write('\n');
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      stream.write(`${shown}: ${done}/${total}\n`);
    }
  };
}

/** One line on stderr, escaped for the terminal whatever it quotes. */
export const say = (line: string) => process.stderr.write(terminal`${line}\n`);
