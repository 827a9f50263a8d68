export { applies, statusOf, withholdingAmong, type DecisionRecord, type DecisionStatus, type DisclosedItem, type Withholding } from './withholding';
export { decideReview, decideWithholding, type ReviewRequest, type WithholdRequest } from './decide';
export { decisionsAbout, findDecision, listDecisions, withholdingFor, withholdingsFor, type AsAt } from './decisions-store';
export { decisionAudit, recordReview, recordWithholding, reviewAudit } from './record';
