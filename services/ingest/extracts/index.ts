/**
 * Daily CSV extracts from agencies (police, housing, health) to agency events: a validated mapping
 * file per agency and layout, a streaming reader that gives one outcome per row, and a report.
 * Pure translation: publishing is the caller's (services/ingest's acceptEvents).
 */
export { extractMappingSchema, extractMappingVersion, loadExtractMapping, mappedColumns, parseExtractMapping, type ExtractMapping } from './mapping';
export { translateExtract, type ExtractSource } from './translate-extract';
export { translateRow, type RowOutcome, type RowProblem } from './translate-row';
export { ExtractReportBuilder, extractReport, formatExtractReport, reportLimits, type ExtractReport } from './extract-report';
export { calendarDate, localInstant } from './local-time';
