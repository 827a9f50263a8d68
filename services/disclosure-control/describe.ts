import type { ControlledFigure, SuppressionRule } from './suppress';

/** The rule in plain words, for every output that applies it. */
export function describeSuppression(rule: SuppressionRule, figures: readonly ControlledFigure[]): string {
  const primary = figures.filter((figure) => figure.suppression === 'primary').length;
  const secondary = figures.filter((figure) => figure.suppression === 'secondary').length;
  return (
    `Small numbers are suppressed: no count from 1 to ${rule.threshold - 1} is published, and further counts are withheld so that none ` +
    `can be worked out by subtracting published figures (a total minus its parts, a period minus its months). Zero is shown. ` +
    `Here ${primary} ${primary === 1 ? 'count was' : 'counts were'} below ${rule.threshold} and ${secondary} more ${secondary === 1 ? 'was' : 'were'} withheld to protect them, of ${figures.length}.`
  );
}
