import { ExtractReportBuilder, translateExtract, type ExtractMapping, type ExtractReport, type ExtractSource, type RowOutcome } from './extracts';
import { acceptEvents, type AcceptDeps, type Sender } from './accept';
import { eventContentSha256 } from '../platform/event-ids';
import type { AgencyEvent } from '../contracts';

/**
 * A CSV extract published through acceptEvents, streamed in chunks, so its memory does not grow
 * with its length. Two rules from issue 13:
 * - a file with bad rows publishes nothing unless the sender asks for a partial publication
 *   (`--accept-partial`, `?partial=true`), and a row is never published in part (the translator
 *   builds a whole event or refuses the row);
 * - a file uploaded twice publishes nothing twice (acceptEvents is idempotent by eventId).
 *
 * Without a partial publication the extract is read twice: once to find every refused row and
 * every eventId already accepted with other content (nothing is published if there is one), then
 * again to publish. `open` gives a fresh stream of the same extract each time.
 */
export type ExtractIngestReport = ExtractReport & Readonly<{ published: number; replayed: number; conflicts: number; partial: boolean; nothingPublished: boolean }>;

const chunkSize = 500;

export async function ingestExtract(
  deps: AcceptDeps,
  sender: Sender,
  open: () => ExtractSource,
  mapping: ExtractMapping,
  options: { partial?: boolean; onProgress?: (rows: number) => void } = {},
): Promise<ExtractIngestReport> {
  const partial = options.partial ?? false;
  if (!partial) {
    const check = await checkExtract(deps, sender, open(), mapping);
    if (check.refused) return { ...check.report, published: 0, replayed: 0, conflicts: check.conflicts, partial, nothingPublished: true };
  }
  const builder = new ExtractReportBuilder();
  let published = 0;
  let replayed = 0;
  let conflicts = 0;
  let rows = 0;
  let chunk: Array<Extract<RowOutcome, { ok: true }>> = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const outcomes = await acceptEvents(deps, sender, chunk.map((row) => row.event), { partial });
    outcomes.forEach((outcome, i) => {
      const line = chunk[i].line;
      if (outcome.outcome === 'accepted') published++;
      else if (outcome.outcome === 'duplicate') replayed++;
      if (outcome.outcome === 'conflict') {
        conflicts++;
        builder.add({ line, ok: false, problems: [{ message: `record ${outcome.eventId} was sent before with other content; send a correction under a new reference` }] });
      } else if (outcome.outcome === 'withheld') {
        builder.add({ line, ok: false, problems: [{ message: 'not published: another row published with it was refused meanwhile; send the file again' }] });
      } else if (outcome.outcome === 'invalid') {
        builder.add({ line, ok: false, problems: outcome.errors.map((e) => ({ message: `${e.pointer.slice(1).replace(/\//g, '.')}: ${e.detail}` })) });
      } else {
        builder.add(chunk[i]);
      }
    });
    chunk = [];
  };
  for await (const row of translateExtract(open(), mapping)) {
    rows++;
    if (row.ok) chunk.push(row);
    else builder.add(row);
    if (chunk.length >= chunkSize) await flush();
    if (rows % 10_000 === 0) options.onProgress?.(rows);
  }
  await flush();
  return { ...builder.report(), published, replayed, conflicts, partial, nothingPublished: published === 0 };
}

/** The first reading: every refused row, and every record whose reference was accepted before with other content. */
async function checkExtract(deps: AcceptDeps, sender: Sender, source: ExtractSource, mapping: ExtractMapping): Promise<{ report: ExtractReport; conflicts: number; refused: boolean }> {
  const builder = new ExtractReportBuilder();
  const seen = new Map<string, { line: number; sha: string }>();
  let conflicts = 0;
  let pending: Array<{ line: number; event: AgencyEvent; sha: string }> = [];
  const conflict = (line: number, message: string) => {
    conflicts++;
    builder.add({ line, ok: false, problems: [{ message }] });
  };
  const compareWithStored = async () => {
    if (pending.length === 0) return;
    const stored = await deps.db('ingest_events').where({ agency: sender.agency }).whereIn('event_id', pending.map((p) => p.event.eventId)).select('event_id', 'content_sha256');
    const shaOf = new Map(stored.map((row: { event_id: string; content_sha256: string }) => [row.event_id, row.content_sha256]));
    for (const row of pending) {
      const before = shaOf.get(row.event.eventId);
      if (before !== undefined && before !== row.sha) conflict(row.line, `record ${row.event.eventId} was sent before with other content; send a correction under a new reference`);
      else builder.add({ line: row.line, ok: true, event: row.event });
    }
    pending = [];
  };
  for await (const row of translateExtract(source, mapping)) {
    if (!row.ok) {
      builder.add(row);
      continue;
    }
    const sha = eventContentSha256(row.event);
    const earlier = seen.get(row.event.eventId);
    if (earlier && earlier.sha !== sha) {
      conflict(row.line, `record ${row.event.eventId} is also on line ${earlier.line} with other content`);
      continue;
    }
    if (!earlier) seen.set(row.event.eventId, { line: row.line, sha });
    pending.push({ line: row.line, event: row.event, sha });
    if (pending.length >= chunkSize) await compareWithStored();
  }
  await compareWithStored();
  const report = builder.report();
  return { report, conflicts, refused: report.rejected > 0 };
}
