export { afterErasure, eraseFamily, eraseWithin, type ErasureOutcome, type ErasureRequest } from './erase';
export { activeHolds, placeHold, releaseHolds, type Hold } from './holds';
export { purgeFamily, surveyFamily, type FamilyHoldings } from './purge';
