import rateLimit from '@fastify/rate-limit';
import fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Partitioners } from 'kafkajs';
import type { AddressInfo } from 'node:net';
import { classifyError } from '../platform/classify-error';
import { LiveRiskError } from '../platform/errors';
import type { Runtime } from '../platform/runtime';
import { acceptEvents, type AcceptDeps, type Sender } from './accept';
import { authenticateApiKey, touchApiKey } from './api-keys';
import type { FhirMapping } from './fhir';
import { registerFileRoutes } from './file-routes';
import type { IngestMetrics } from './metrics';
import { openApiContent } from './openapi';
import { problem, problemContentType, ProblemError, type Problem } from './problem';
import { batchAnswer, singleEventAnswer, type HttpAnswer } from './responses';
import { agencyOfType, eventTypeOf } from './validate';

/**
 * The HTTP adapter of the ingest API, on fastify. Routes only translate: authentication, the rate
 * limit, body limits and problem details live here; what happens to events is acceptEvents.
 */
export type IngestServerOptions = Readonly<{
  listen: Readonly<{ host: string; port: number }>;
  /** PEM certificate and key: HTTPS. Without them, plain HTTP (loopback only; the command checks). */
  tls?: Readonly<{ cert: string | Buffer; key: string | Buffer }>;
  /** Requests per minute per agency. */
  rateLimit: number;
  maxBatch: number;
  maxBodyBytes: number;
  /** Largest CSV extract accepted at /v1/extracts. */
  maxExtractBytes?: number;
  /** The code table for /v1/fhir; without one that route answers 501. */
  fhirMapping?: FhirMapping;
  metrics?: IngestMetrics;
}>;

export type RunningIngestServer = Readonly<{ url: string; app: FastifyInstance; close(): Promise<void> }>;

declare module 'fastify' {
  interface FastifyRequest {
    sender: Sender | null;
  }
}

export async function startIngestServer(runtime: Runtime, options: IngestServerOptions): Promise<RunningIngestServer> {
  const app = fastify({
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    bodyLimit: options.maxBodyBytes,
    logger: false,
    // Slow clients may not hold connections open for ever.
    connectionTimeout: 60_000,
    requestTimeout: 60_000,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  // A producer of its own, unlike the runtime's (one request in flight, for ordered relays): requests
  // for different eventIds need no order between them, and one eventId is only ever sent under its lock.
  const producer = runtime.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const deps: AcceptDeps = { ...runtime, producer };
  const touched = new Map<string, number>();
  app.decorateRequest('sender', null);
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    if (error instanceof ProblemError) reply.headers(error.headers);
    return sendProblem(reply, problemFor(error, runtime, request));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problem('not-found', `no ${request.method} ${request.url.split('?')[0]}; see /openapi.json`)));
  app.addHook('onResponse', async (_request, reply) => options.metrics?.response(reply.statusCode));

  // Authentication before the body is read: a request without a valid key costs a header check.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const sender = await authenticateApiKey(runtime.db, request.headers.authorization).catch((error: unknown) => {
      throw classifyError(error, 'database');
    });
    if (!sender) {
      throw new ProblemError(problem('unauthorized', 'send Authorization: Bearer <API key>; a missing, wrong or revoked key is refused alike'), { 'www-authenticate': 'Bearer realm="live-risk ingest"' });
    }
    request.sender = sender;
    // "Last used" is for people, to the minute: one write per key a minute, not one per request.
    if ((touched.get(sender.keyId) ?? 0) < Date.now() - 60_000) {
      touched.set(sender.keyId, Date.now());
      void touchApiKey(runtime.db, sender.keyId).catch(() => undefined);
    }
  });
  await app.register(rateLimit, {
    // Global, so every /v1 route draws on one budget per agency (a route's own config gets its own store).
    global: true,
    hook: 'preHandler',
    max: options.rateLimit,
    timeWindow: 60_000,
    keyGenerator: (request) => request.sender?.agency ?? request.ip,
    errorResponseBuilder: (request, context) =>
      new ProblemError(problem('rate-limited', `agency ${request.sender?.agency ?? 'unknown'} sent more than ${context.max} requests a minute; retry in ${context.after}`)),
  });

  const openApi = openApiContent();
  app.get('/openapi.json', { config: { rateLimit: false } }, async (_request, reply) => reply.type('application/json').send(openApi));

  const sender = (request: FastifyRequest): Sender => {
    if (!request.sender) throw new LiveRiskError('INTERNAL', 'a /v1 route ran without an authenticated sender');
    return request.sender;
  };

  app.post('/v1/events', async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ProblemError(problem('malformed-request', 'POST /v1/events takes one event, a JSON object; send a batch (an array) to /v1/events:batch'));
    }
    const from = sender(request);
    refuseOtherAgencies(from, [body]);
    const outcomes = await acceptEvents(deps, from, [body], { at: () => [] });
    options.metrics?.outcomes(from.agency, outcomes);
    return send(reply, singleEventAnswer(outcomes[0]));
  });

  app.post('/v1/events::batch', async (request, reply) => {
    const body = request.body;
    if (!Array.isArray(body) || body.length === 0) {
      throw new ProblemError(problem('malformed-request', 'POST /v1/events:batch takes a JSON array of at least one event'));
    }
    if (body.length > options.maxBatch) {
      throw new ProblemError(problem('batch-too-large', `${body.length} events; at most ${options.maxBatch} per batch: split it (retrying is safe, eventIds are idempotent)`));
    }
    const from = sender(request);
    refuseOtherAgencies(from, body);
    const partial = (request.query as { partial?: string }).partial === 'true';
    const outcomes = await acceptEvents(deps, from, body, { partial });
    options.metrics?.outcomes(from.agency, outcomes);
    return send(reply, batchAnswer(outcomes, partial));
  });

  await registerFileRoutes(app, deps, sender, { maxExtractBytes: options.maxExtractBytes ?? 32 * 1024 * 1024, maxBodyBytes: options.maxBodyBytes, fhirMapping: options.fhirMapping });

  await app.listen({ host: options.listen.host, port: options.listen.port }).catch(async (error: NodeJS.ErrnoException) => {
    await producer.disconnect();
    throw new LiveRiskError('CONFIG_INVALID', `cannot listen on ${options.listen.host}:${options.listen.port}: ${error.code ?? error.message}`, {
      cause: error,
      hint: 'choose another address with --listen HOST:PORT or INGEST_LISTEN (is another ingest server running?)',
    });
  });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`, app, close: async () => {
    await app.close();
    await producer.disconnect();
  } };
}

/** 403 when an event's `type` is another agency's: a key publishes only to its own agency's topic. */
function refuseOtherAgencies(sender: Sender, events: readonly unknown[]): void {
  events.forEach((event, index) => {
    const owner = agencyOfType((event as { type?: unknown } | null)?.type);
    if (owner && owner !== sender.agency) {
      throw new ProblemError(problem('forbidden-topic', `event ${index} is a ${eventTypeOf(owner)}, for the ${owner} topic; this key publishes ${eventTypeOf(sender.agency)} events only; nothing was published`));
    }
  });
}

function send(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  reply.status(answer.status).headers(answer.headers);
  if (answer.status >= 400) reply.type(problemContentType);
  return reply.send(answer.body);
}

function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  // An outage usually passes within seconds (the runtime's clients reconnect by themselves).
  if (body.status === 503) reply.header('retry-after', '5');
  return reply.status(body.status).type(problemContentType).send(body);
}

/** Any error of a request as a problem: fastify's own (body size, JSON, media type), ours, outages. */
function problemFor(error: FastifyError | ProblemError, runtime: Runtime, request: FastifyRequest): Problem {
  if (error instanceof ProblemError) return error.problem;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return problem('body-too-large', 'the body is over this server’s limit (INGEST_MAX_BODY_BYTES); send fewer events per request');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported-media-type', `send Content-Type: application/json (got ${request.headers['content-type'] ?? 'none'})`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('malformed-request', 'the body is not valid JSON');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return problem('malformed-request', error.message);
  const classified = classifyError(error);
  if (classified.retriable) {
    runtime.log.warn('ingest request failed on an outage; nothing was acknowledged', { error: classified.message, code: classified.code });
    return problem('unavailable', 'nothing was acknowledged; retry later with the same eventIds (retries never duplicate)');
  }
  runtime.log.error('ingest request failed', { error: classified.message, code: classified.code });
  return problem('internal', 'nothing was acknowledged; retry later with the same eventIds (retries never duplicate), and tell the council if it persists');
}
