export { all, contains, figureKey, parseFigureKey, partsOf, type Figure } from './figures';
export { gridFigures, uniqueFigures, type GridSpec } from './grid';
export { suppressSmallNumbers, type ControlledFigure, type Suppression, type SuppressionRule } from './suppress';
export { describeSuppression } from './describe';
