import type { FieldError } from './validate';

/*
 * Errors are RFC 9457 problem details, `Content-Type: application/problem+json`:
 *
 *   {
 *     "type": "/problems/invalid-event",       a URI reference, resolved against the API's base URL
 *     "title": "The event does not meet its contract",
 *     "status": 422,
 *     "detail": "2 fields are wrong; see errors",
 *     "errors": [ { "pointer": "/people/0/givenName", "detail": "Too small: expected string to have >=1 characters" } ]
 *   }
 *
 * `errors` (field-level, RFC 6901 JSON pointers into the request body), `results` (per event of a
 * batch) and `report` (per row of an extract, per Encounter of a Bundle) are extension members. The types are listed once here, and documented in the OpenAPI file.
 */
export const problemTypes = {
  'malformed-request': { status: 400, title: 'The request body is not what this endpoint takes' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  'forbidden-topic': { status: 403, title: 'This key may not publish to that topic' },
  'not-found': { status: 404, title: 'No such endpoint' },
  'eventid-conflict': { status: 409, title: 'This eventId was accepted before with other content' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'batch-too-large': { status: 413, title: 'The batch has too many events' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'invalid-event': { status: 422, title: 'The event does not meet its contract' },
  'invalid-mapping': { status: 422, title: 'The mapping file is not valid' },
  'rows-refused': { status: 422, title: 'Some rows or Encounters cannot be published; nothing was published' },
  'rate-limited': { status: 429, title: 'Too many requests for this agency' },
  unavailable: { status: 503, title: 'Kafka or PostgreSQL is unavailable; nothing was published' },
  internal: { status: 500, title: 'Internal error; nothing was acknowledged' },
  'not-configured': { status: 501, title: 'This server is not configured for that' },
} as const;

export type ProblemType = keyof typeof problemTypes;

export type Problem = Readonly<{
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: readonly FieldError[];
  results?: readonly unknown[];
  report?: unknown;
}>;

export const problemContentType = 'application/problem+json';

export function problem(type: ProblemType, detail: string, extensions: Readonly<{ errors?: readonly FieldError[]; results?: readonly unknown[]; report?: unknown }> = {}): Problem {
  const { status, title } = problemTypes[type];
  return { type: `/problems/${type}`, title, status, detail, ...extensions };
}

/** An error a route throws to answer with a problem; the server's error handler writes it. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Readonly<Record<string, string>> = {}) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}
