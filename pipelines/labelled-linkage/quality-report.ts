import { evaluateEngine, type EngineRun } from './evaluate-engine';
import { defaultFebrlSize, generateDataset } from './generate';
import type { Difficulty } from './person';

export type QualityReportOptions = Readonly<{
  seed?: number;
  levels?: readonly Difficulty[];
  /** Cohort and records for easy, realistic, hard and mixed. */
  cohortSize?: number;
  records?: number;
  /** Originals (and copies) for febrl-like. */
  febrlSize?: number;
  nhsShare?: number;
  estimate?: boolean;
  oneToOne?: boolean;
  progress?: (line: string) => void;
}>;

export const reportLevels: readonly Difficulty[] = ['easy', 'realistic', 'hard', 'febrl-like'];

/** Each level generated afresh from the seed and linked by the engine in this process. */
export function runQualityReport(options: QualityReportOptions = {}): EngineRun[] {
  const say = options.progress ?? (() => undefined);
  return (options.levels ?? reportLevels).map((difficulty) => {
    const febrl = difficulty === 'febrl-like';
    const cohortSize = febrl ? (options.febrlSize ?? defaultFebrlSize) : (options.cohortSize ?? 20_000);
    say(`${difficulty}: generating ${cohortSize} cohort persons${febrl ? ' and as many copies' : ` and ${options.records ?? 5_000} records`} (seed ${options.seed ?? 1})`);
    const dataset = generateDataset({ difficulty, cohortSize, records: options.records ?? 5_000, seed: options.seed ?? 1, nhsShare: options.nhsShare });
    return evaluateEngine(dataset, { estimate: options.estimate, oneToOne: options.oneToOne, progress: say });
  });
}
