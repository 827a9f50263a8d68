import { z } from 'zod';
import { agencies, agencyEventSchemas, topicDefinitions } from '../contracts';
import { problemTypes } from './problem';
import { eventTypeOf, topicOfAgency } from './validate';

/**
 * The ingest API's OpenAPI 3.1 document, generated from the zod contracts like schemas/*.schema.json:
 * written to schemas/ingest-api.openapi.json by `live-risk schemas generate`, checked for drift by
 * `schemas check`, and served at GET /openapi.json. Nothing configurable goes in, so the committed
 * file and the served one are the same bytes on every deployment.
 *
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, hence that target here (schemas/ is draft-7, which the
 * registry uses); both come from the same zod contract.
 */
export const openApiFile = 'ingest-api.openapi.json';

const schemaOf = (schema: z.ZodType): Record<string, unknown> => {
  // The dialect is the document's (jsonSchemaDialect defaults to 2020-12 in OpenAPI 3.1); no $schema per component.
  const generated = { ...(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>) };
  delete generated.$schema;
  return generated;
};

const componentName = (agency: string) => `${agency[0].toUpperCase()}${agency.slice(1)}Event`;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

export function openApiDocument(): Record<string, unknown> {
  const anyEvent = { oneOf: agencies.map((agency) => ref(componentName(agency))), discriminator: { propertyName: 'type', mapping: Object.fromEntries(agencies.map((a) => [eventTypeOf(a), `#/components/schemas/${componentName(a)}`])) } };
  const refusals = {
    '400': problemResponse('The body is not JSON, or not an event (an object) / a batch (an array).'),
    '401': problemResponse('No API key, or a wrong or revoked one.'),
    '403': problemResponse("An event's type belongs to another agency's topic."),
    '413': problemResponse('The body is over the size limit (INGEST_MAX_BODY_BYTES, 1 MiB by default), or a batch has more events than INGEST_MAX_BATCH (500 by default).'),
    '415': problemResponse('The body is not of the content type the endpoint takes.'),
    '429': { ...problemResponse("The agency's request rate limit was reached; wait the seconds in Retry-After."), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } } },
    '503': problemResponse('Kafka or PostgreSQL is unavailable; nothing was acknowledged. Retry later with the same eventIds: retries never duplicate.'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'live-risk ingest API',
      version: '1',
      description:
        'Agencies publish their events to live-risk over HTTPS. Each API key belongs to one agency and publishes only to that agency\'s topic (' +
        agencies.map((a) => `${a}: ${topicDefinitions[topicOfAgency(a)].name}`).join(', ') + '). ' +
        'An event is acknowledged (202) only once Kafka holds it with acknowledgements from all in-sync replicas. ' +
        'Publishing is idempotent by eventId: a retry with the same content is answered as the first time (header Idempotent-Replayed: true) and publishes nothing; ' +
        'the same eventId with other content is refused (409); send a correction under a new eventId. Errors are RFC 9457 problem details.',
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/events': {
        post: {
          summary: 'Publish one event',
          requestBody: { required: true, content: { 'application/json': { schema: anyEvent } } },
          responses: {
            '202': { description: 'Kafka has the event (or had it already: Idempotent-Replayed: true).', content: { 'application/json': { schema: ref('Accepted') } } },
            ...refusals,
            '409': problemResponse('This eventId was accepted before with other content.'),
            '422': problemResponse('The event does not meet its contract; `errors` lists each field by JSON pointer.'),
          },
        },
      },
      '/v1/events:batch': {
        post: {
          summary: 'Publish a batch of events, all or nothing (or the valid ones with ?partial=true)',
          parameters: [{ name: 'partial', in: 'query', required: false, schema: { type: 'boolean', default: false }, description: 'publish the valid events even when others are refused' }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', minItems: 1, items: anyEvent } } } },
          responses: {
            '202': { description: 'Every event accepted (or, with ?partial=true, the valid ones); one result per event.', content: { 'application/json': { schema: ref('BatchResult') } } },
            ...refusals,
            '409': problemResponse('Some events reuse an eventId with other content; nothing was published. `results` has one entry per event.'),
            '422': problemResponse('Some events do not meet their contract; nothing was published. `errors` pointers start with the event\'s index.'),
          },
        },
      },
      '/v1/extracts': {
        post: {
          summary: "Publish a CSV extract through the agency's mapping file, all rows or none (or the good ones with ?partial=true)",
          description: 'The mapping file format and one example per agency: services/ingest/extracts/examples/ (README, "Agencies: CSV extracts"). Sending the same file again publishes nothing twice.',
          parameters: [{ name: 'partial', in: 'query', required: false, schema: { type: 'boolean', default: false }, description: 'publish the rows that translate even when others are refused' }],
          requestBody: {
            required: true,
            content: { 'multipart/form-data': { schema: { type: 'object', required: ['mapping', 'extract'], properties: { mapping: { type: 'string', contentMediaType: 'application/json', description: 'the mapping file' }, extract: { type: 'string', contentMediaType: 'text/csv', description: 'the extract, header row first' } } } } },
          },
          responses: {
            '202': { description: 'Every row published (or published before); with ?partial=true, the rows that translate. A report of the rows refused and why.', content: { 'application/json': { schema: ref('ExtractReport') } } },
            ...refusals,
            '413': problemResponse('The extract is over INGEST_MAX_EXTRACT_BYTES (32 MiB by default).'),
            '422': problemResponse('The mapping is not valid, or some rows cannot be published (then nothing was; `report` lists them by line).'),
          },
        },
      },
      '/v1/fhir': {
        post: {
          summary: 'Publish the Encounters of a FHIR R4 (UK Core) Bundle as health contacts',
          description: 'Each Encounter with its Patient (NHS number and verification status) becomes one health contact; its type or class code is read through the code table the council configured for the trust. A code with no mapping is refused, naming the code.',
          parameters: [{ name: 'partial', in: 'query', required: false, schema: { type: 'boolean', default: false }, description: 'publish the Encounters that translate even when others are refused' }],
          requestBody: { required: true, content: { 'application/fhir+json': { schema: { type: 'object', required: ['resourceType'], properties: { resourceType: { const: 'Bundle' } } } } } },
          responses: {
            '202': { description: 'Every Encounter published (or published before); one result per Encounter.', content: { 'application/json': { schema: ref('FhirReport') } } },
            ...refusals,
            '422': problemResponse('Some Encounters cannot be published (then nothing was; `report` lists them).'),
            '501': problemResponse('The server has no FHIR code table configured.'),
          },
        },
      },
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } },
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer lrk_<key id>.<secret>, issued by `live-risk ingest key add --agency AGENCY`' } },
      schemas: {
        ...Object.fromEntries(agencies.map((agency) => [componentName(agency), schemaOf(agencyEventSchemas[agency])])),
        Accepted: {
          type: 'object',
          required: ['eventId', 'status', 'acceptedAt'],
          properties: { eventId: { type: 'string' }, status: { const: 'accepted' }, acceptedAt: { type: 'string', format: 'date-time', description: 'when Kafka first acknowledged it' } },
        },
        EventResult: {
          type: 'object',
          required: ['index', 'eventId', 'status'],
          properties: {
            index: { type: 'integer', description: 'position in the batch, from 0' },
            eventId: { type: ['string', 'null'] },
            status: { enum: ['accepted', 'conflict', 'invalid', 'withheld'] },
            replayed: { type: 'boolean', description: 'accepted before with the same content; nothing published again' },
            acceptedAt: { type: 'string', format: 'date-time' },
            detail: { type: 'string' },
          },
        },
        BatchResult: {
          type: 'object',
          required: ['accepted', 'conflicts', 'invalid', 'withheld', 'results'],
          properties: {
            accepted: { type: 'integer' },
            conflicts: { type: 'integer' },
            invalid: { type: 'integer' },
            withheld: { type: 'integer' },
            results: { type: 'array', items: ref('EventResult') },
            errors: { type: 'array', items: ref('FieldError') },
          },
        },
        ExtractReport: {
          type: 'object',
          required: ['rows', 'accepted', 'rejected', 'published', 'replayed', 'conflicts', 'reasons'],
          properties: {
            rows: { type: 'integer' },
            accepted: { type: 'integer', description: 'rows published now or before' },
            rejected: { type: 'integer' },
            published: { type: 'integer', description: 'rows published by this request' },
            replayed: { type: 'integer', description: 'rows published before with the same content; not sent again' },
            conflicts: { type: 'integer', description: 'rows whose reference was published before with other content' },
            reasons: {
              type: 'array',
              description: 'why rows were refused, most frequent first, with their line numbers',
              items: { type: 'object', properties: { column: { type: 'string' }, message: { type: 'string' }, rows: { type: 'integer' }, lines: { type: 'array', items: { type: 'integer' } } } },
            },
          },
        },
        FhirReport: {
          type: 'object',
          required: ['encounters', 'published', 'replayed', 'refused', 'results'],
          properties: {
            encounters: { type: 'integer' },
            published: { type: 'integer' },
            replayed: { type: 'integer' },
            refused: { type: 'integer' },
            results: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  entry: { type: ['integer', 'null'], description: 'index in Bundle.entry; null for the Bundle itself' },
                  encounter: { type: 'string' },
                  eventId: { type: 'string' },
                  status: { enum: ['accepted', 'refused', 'conflict', 'withheld'] },
                  replayed: { type: 'boolean' },
                  problems: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
                },
              },
            },
          },
        },
        FieldError: {
          type: 'object',
          required: ['pointer', 'detail'],
          properties: { pointer: { type: 'string', description: 'RFC 6901 JSON pointer into the request body' }, detail: { type: 'string' } },
        },
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details. Types: ' + Object.entries(problemTypes).map(([type, { status }]) => `/problems/${type} (${status})`).join(', '),
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string', format: 'uri-reference' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: ref('FieldError') },
            results: { type: 'array', items: ref('EventResult') },
            report: { description: 'for /v1/extracts and /v1/fhir: the ExtractReport or FhirReport' },
          },
        },
      },
    },
  };
}

export const openApiContent = (): string => JSON.stringify(openApiDocument(), null, 2) + '\n';
