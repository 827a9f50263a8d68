import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { healthContact } from '../contracts';
import { describeError, LiveRiskError } from '../platform/errors';
import type { AcceptDeps, Sender } from './accept';
import { ingestExtract } from './extract-ingest';
import { parseExtractMapping, type ExtractMapping } from './extracts';
import type { FhirMapping } from './fhir';
import { ingestBundle } from './fhir-ingest';
import { problem, problemContentType, ProblemError } from './problem';
import { agencyOfType } from './validate';

/**
 * The routes for what agencies already have: a CSV extract with its mapping file, and a FHIR R4
 * Bundle. They only translate (services/ingest/extracts, services/ingest/fhir) and hand the events
 * to acceptEvents, like /v1/events.
 *
 *   curl -F mapping=@police-mapping.json -F extract=@extract.csv https://…/v1/extracts[?partial=true]
 *   curl -H 'Content-Type: application/fhir+json' --data-binary @bundle.json https://…/v1/fhir[?partial=true]
 */
export type FileRouteOptions = Readonly<{ maxExtractBytes: number; maxBodyBytes: number; fhirMapping: FhirMapping | undefined }>;

export async function registerFileRoutes(app: FastifyInstance, deps: AcceptDeps, senderOf: (request: FastifyRequest) => Sender, options: FileRouteOptions): Promise<void> {
  await app.register(multipart, { limits: { fileSize: options.maxExtractBytes, files: 2, fields: 2, parts: 2, fieldSize: options.maxBodyBytes } });
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string', bodyLimit: options.maxBodyBytes }, app.getDefaultJsonParser('error', 'error'));
  const partialOf = (request: FastifyRequest) => (request.query as { partial?: string }).partial === 'true';

  app.post('/v1/extracts', async (request, reply) => {
    if (!request.isMultipart()) throw new ProblemError(problem('unsupported-media-type', 'send multipart/form-data with a "mapping" part (the mapping JSON) and an "extract" part (the CSV), e.g. curl -F mapping=@police-mapping.json -F extract=@extract.csv'));
    const sender = senderOf(request);
    let mappingText: string | undefined;
    let extract: Buffer | undefined;
    for await (const part of request.parts()) {
      const content = part.type === 'file' ? await part.toBuffer() : Buffer.from(String(part.value));
      if (part.fieldname === 'mapping') mappingText = content.toString('utf8');
      else if (part.fieldname === 'extract') extract = content;
      else throw new ProblemError(problem('malformed-request', `unexpected part "${part.fieldname}"; send "mapping" and "extract" only`));
    }
    if (mappingText === undefined || extract === undefined) throw new ProblemError(problem('malformed-request', 'send both a "mapping" part (the mapping JSON) and an "extract" part (the CSV)'));
    const mapping = readMapping(mappingText);
    if (mapping.agency !== sender.agency) {
      throw new ProblemError(problem('forbidden-topic', `the mapping publishes ${mapping.agency} events; this key publishes ${sender.agency} events only; nothing was published`));
    }
    const partial = partialOf(request);
    const report = await ingestExtract(deps, sender, () => Readable.from([extract]), mapping, { partial });
    if (!partial && report.rejected > 0) {
      return sendProblemWith(reply, problem('rows-refused', `${report.rejected} of ${report.rows} rows cannot be published; nothing was published. Fix them, or send again with ?partial=true to publish the others`, { report }));
    }
    return reply.status(202).send(report);
  });

  const fhirAgency = agencyOfType(healthContact.shape.type.value);
  app.post('/v1/fhir', async (request, reply) => {
    const sender = senderOf(request);
    if (sender.agency !== fhirAgency) throw new ProblemError(problem('forbidden-topic', `a FHIR Bundle publishes ${fhirAgency} contacts; this key publishes ${sender.agency} events only`));
    if (!options.fhirMapping) throw new ProblemError(problem('not-configured', 'this server has no FHIR mapping (INGEST_FHIR_MAPPING_FILE); ask the council to configure your code table'));
    if (!/^application\/fhir\+json/.test(request.headers['content-type'] ?? '')) {
      throw new ProblemError(problem('unsupported-media-type', 'send the Bundle as Content-Type: application/fhir+json'));
    }
    const partial = partialOf(request);
    const report = await ingestBundle(deps, sender, request.body, options.fhirMapping, { partial });
    if (!partial && report.refused > 0) {
      return sendProblemWith(reply, problem('rows-refused', `${report.refused} Encounter(s) or the Bundle cannot be published; nothing was published. Fix them, or send again with ?partial=true to publish the others`, { report }));
    }
    return reply.status(202).send(report);
  });
}

function readMapping(text: string): ExtractMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProblemError(problem('invalid-mapping', `the mapping part is not JSON: ${describeError(error)}`));
  }
  try {
    return parseExtractMapping(json, 'the mapping part');
  } catch (error) {
    if (error instanceof LiveRiskError) throw new ProblemError(problem('invalid-mapping', error.message));
    throw error;
  }
}

function sendProblemWith(reply: FastifyReply, body: ReturnType<typeof problem>): FastifyReply {
  return reply.status(body.status).type(problemContentType).send(body);
}
