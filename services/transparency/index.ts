export { monthBounds, monthName, periodEnding, type Period } from './months';
export { eventOutcomes, monthlyCounts, type MonthlyCounts } from './monthly-counts';
export { pageFigures, type PageFigures, type PageTable } from './page-figures';
export { renderTransparencyPage, type PageContext } from './render-page';
export { buildTransparencyPage, transparencyReads, type TransparencyInput } from './transparency-page';
