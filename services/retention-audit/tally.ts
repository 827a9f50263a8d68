import { identifies, matchTexts, type Attribute, type Needle } from './needles';
import { searchableTexts } from './expand';

/**
 * What the audit says about one place it searched (or could not): how many records it read there,
 * how many pointed at the person, which attributes matched and where. Never the matched value, never
 * the record: `locations` are positions (a column, a partition and offset, a line number, a file
 * name, a page's path), for the administrator who must remove what was found.
 */
export const placeKinds = ['kafka', 'database', 'logs', 'mail', 'portal'] as const;
export type PlaceKind = (typeof placeKinds)[number];

export type PlaceReport = Readonly<{
  kind: PlaceKind;
  place: string;
  status: 'searched' | 'not-searched';
  /** Why it could not be searched, and what to do about it. */
  reason?: string;
  /** Records read: messages, rows, lines, emails, pages. */
  records: number;
  unit: string;
  /** Records that identify the person (needles.ts `identifies`). */
  found: number;
  /** Records where something matched that does not identify the person alone. */
  partial: number;
  /** In how many of the found and partial records each attribute matched. */
  attributes: Partial<Record<Attribute, number>>;
  /** Where, for the found records first, then the partial ones; at most `maxLocations`. */
  locations: readonly string[];
}>;

const maxLocations = 20;

export type FieldValue = Buffer | string | null | undefined;

/** Accumulates one place's records as they are read. */
export class PlaceTally {
  private records = 0;
  private found = 0;
  private partial = 0;
  private readonly attributes = new Map<Attribute, number>();
  private readonly foundAt = new Set<string>();
  private readonly partialAt = new Set<string>();

  constructor(
    private readonly needles: readonly Needle[],
    readonly kind: PlaceKind,
    readonly place: string,
    readonly unit: string,
  ) {}

  /**
   * One record, as named fields (a row's columns, a message's key, value and headers). `location`
   * says where the record is; without it, the names of the fields that matched are the location.
   */
  record(fields: Readonly<Record<string, FieldValue>>, location?: string): Set<Attribute> {
    this.records += 1;
    const matched = new Set<Attribute>();
    const matchedFields: string[] = [];
    for (const [name, value] of Object.entries(fields)) {
      const inField = matchTexts(searchableTexts(value), this.needles);
      for (const attribute of inField) matched.add(attribute);
      if (inField.size > 0) matchedFields.push(name);
    }
    if (matched.size === 0) return matched;
    for (const attribute of matched) this.attributes.set(attribute, (this.attributes.get(attribute) ?? 0) + 1);
    const where = location === undefined ? matchedFields : [location];
    const isFound = identifies(matched);
    if (isFound) this.found += 1;
    else this.partial += 1;
    const into = isFound ? this.foundAt : this.partialAt;
    for (const entry of where) if (into.size < maxLocations) into.add(entry);
    return matched;
  }

  report(): PlaceReport {
    const locations = [...this.foundAt, ...[...this.partialAt].filter((entry) => !this.foundAt.has(entry))].slice(0, maxLocations);
    return {
      kind: this.kind,
      place: this.place,
      status: 'searched',
      records: this.records,
      unit: this.unit,
      found: this.found,
      partial: this.partial,
      attributes: Object.fromEntries([...this.attributes].sort(([a], [b]) => a.localeCompare(b))),
      locations,
    };
  }
}

/** A place that exists (or should) but could not be read: never reported as clean. */
export function notSearched(kind: PlaceKind, place: string, reason: string, unit = 'records'): PlaceReport {
  return { kind, place, status: 'not-searched', reason, records: 0, unit, found: 0, partial: 0, attributes: {}, locations: [] };
}

export type Verdict = 'found' | 'incomplete' | 'not-found';

/**
 * Found anywhere: exit 1, whatever else could not be searched (the person is not gone). Otherwise a
 * place not searched: exit 2 (nothing can be said). Only when every place was searched and none
 * holds a record that identifies the person: exit 0.
 */
export function verdictOf(places: readonly PlaceReport[]): { verdict: Verdict; exitCode: 0 | 1 | 2 } {
  if (places.some((place) => place.found > 0)) return { verdict: 'found', exitCode: 1 };
  if (places.some((place) => place.status === 'not-searched')) return { verdict: 'incomplete', exitCode: 2 };
  return { verdict: 'not-found', exitCode: 0 };
}
