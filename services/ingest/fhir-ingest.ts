import type { AgencyEvent } from '../contracts';
import { acceptEvents, type AcceptDeps, type EventOutcome, type Sender } from './accept';
import { translateBundle, type FhirMapping, type Problem } from './fhir';

/**
 * A FHIR R4 Bundle published through acceptEvents: one health contact per Encounter. As with
 * extracts, an Encounter that cannot be translated (a code with no mapping, a Patient without an
 * NHS number…) stops the whole Bundle unless the sender asks for a partial publication.
 */
export type EncounterResult = Readonly<{
  entry: number | null;
  encounter?: string;
  eventId?: string;
  status: 'accepted' | 'refused' | 'conflict' | 'withheld';
  replayed?: boolean;
  problems?: readonly Problem[];
}>;

export type FhirIngestReport = Readonly<{ encounters: number; published: number; replayed: number; refused: number; nothingPublished: boolean; results: readonly EncounterResult[] }>;

export async function ingestBundle(deps: AcceptDeps, sender: Sender, bundle: unknown, mapping: FhirMapping, options: { partial?: boolean } = {}): Promise<FhirIngestReport> {
  const partial = options.partial ?? false;
  const translated = translateBundle(bundle, mapping);
  const good = translated.flatMap((t) => (t.ok ? [t] : []));
  const anyRefused = good.length < translated.length;
  const outcomes: EventOutcome[] = good.length > 0 && (partial || !anyRefused) ? await acceptEvents(deps, sender, good.map((t) => t.event as AgencyEvent), { partial }) : [];
  const byEntry = new Map(good.map((t, i) => [t.entry, outcomes[i]]));
  const results: EncounterResult[] = translated.map((t): EncounterResult => {
    if (!t.ok) return { entry: t.entry, encounter: t.encounter, status: 'refused', problems: t.problems };
    const outcome = byEntry.get(t.entry);
    const base = { entry: t.entry, encounter: t.encounter, eventId: t.event.eventId };
    switch (outcome?.outcome) {
      case 'accepted':
        return { ...base, status: 'accepted', replayed: false };
      case 'duplicate':
        return { ...base, status: 'accepted', replayed: true };
      case 'conflict':
        return { ...base, status: 'conflict', problems: [{ message: `${outcome.detail}` }] };
      case 'invalid':
        return { ...base, status: 'refused', problems: outcome.errors.map((e) => ({ path: e.pointer, message: e.detail })) };
      default:
        return { ...base, status: 'withheld' };
    }
  });
  const count = (test: (r: EncounterResult) => boolean) => results.filter(test).length;
  const published = count((r) => r.status === 'accepted' && r.replayed === false);
  return {
    encounters: results.filter((r) => r.entry !== null).length,
    published,
    replayed: count((r) => r.status === 'accepted' && r.replayed === true),
    refused: count((r) => r.status === 'refused' || r.status === 'conflict'),
    nothingPublished: published === 0,
    results,
  };
}
