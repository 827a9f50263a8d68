export { readPersonFile, parsePerson, personFile, type Person } from './person';
export { needlesFor, identifies, matchTexts, attributes, type Attribute, type Needle } from './needles';
export { fold, htmlText } from './fold';
export { searchableTexts } from './expand';
export { PlaceTally, notSearched, verdictOf, placeKinds, type PlaceKind, type PlaceReport, type Verdict } from './tally';
export { auditReport, type AuditReport } from './report';
export { runRetentionAudit, type AuditPlan } from './run-audit';
export { recordRetentionAudit, retentionAuditDetail } from './record-run';
