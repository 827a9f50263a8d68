/**
 * The ingest API (issue 13): agencies without a Kafka client publish over HTTPS. `acceptEvents` is
 * the core every path shares (API, CSV extracts, FHIR bundles); `startIngestServer` the HTTP adapter.
 */
export { acceptEvents, type AcceptDeps, type AcceptOptions, type EventOutcome, type Sender } from './accept';
export { authenticateApiKey, isAgency, issueApiKey, listApiKeys, revokeApiKey, type ApiKeyRow, type IssuedApiKey } from './api-keys';
export { IngestMetrics } from './metrics';
export { openApiContent, openApiDocument, openApiFile } from './openapi';
export { startIngestServer, type IngestServerOptions, type RunningIngestServer } from './server';
export { checkEvent, topicOfAgency, type FieldError } from './validate';
