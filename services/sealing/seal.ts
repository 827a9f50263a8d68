import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sealedBox, sealedFields, type FamilyDigest, type SealedBox, type TopicId } from '../contracts';
import { digestCounts } from '../digest/build-digest';
import { LiveRiskError } from '../platform/errors';
import { topicIdOf } from '../platform/subjects';
import type { FamilyKeys } from './family-keys';

/**
 * Sealing and opening, the one place each happens: the serializer seals every event it publishes
 * (services/platform/registry.ts) and decodeMessage opens every event it reads, so projections,
 * the matcher, replay, as-of and what-if all see events exactly as they were before sealing. The
 * wire format is in services/contracts/sealed.ts, the sealed fields in sealed-fields.ts.
 */
type Doc = Record<string, unknown>;

/** A part of a document that belongs to one family: the document itself, or one family's entry of a digest. */
type Part = Readonly<{ holder: Doc; familyId: string; fields: readonly string[] }>;

const fieldsByType = (table: Readonly<Record<string, readonly string[]>>, doc: Doc): readonly string[] => table[String(doc.type)] ?? [];

/** The family parts of a document on a topic; none for topics that are not about one family. */
function partsOf(topic: TopicId, doc: Doc): Part[] {
  switch (topic) {
    case 'cohort':
      return [{ holder: doc, familyId: String(doc.familyId), fields: fieldsByType(sealedFields.cohort, doc) }];
    case 'matches':
      return [{ holder: doc, familyId: String(doc.familyId), fields: fieldsByType(sealedFields.matches, doc) }];
    case 'acknowledgements':
    case 'urgentAlerts':
      return [{ holder: doc, familyId: String(doc.familyId), fields: [] }];
    case 'encompass':
      // A school's acknowledgement names only the notification.
      return typeof doc.familyId === 'string' ? [{ holder: doc, familyId: doc.familyId, fields: fieldsByType(sealedFields.encompass, doc) }] : [];
    case 'reviews': {
      const candidate = doc.candidate as Doc | undefined;
      return candidate ? [{ holder: doc, familyId: String(candidate.familyId), fields: fieldsByType(sealedFields.reviews, doc) }] : [];
    }
    case 'digests':
      return Array.isArray(doc.families) ? (doc.families as Doc[]).map((family) => ({ holder: family, familyId: String(family.familyId), fields: sealedFields.digestFamily })) : [];
    default:
      return [];
  }
}

/** Returns a copy of the event with each family's personal fields sealed with that family's key. */
export async function sealEvent(keys: FamilyKeys, topic: string, event: unknown): Promise<unknown> {
  const id = topicIdOf(topic);
  if (!id || event === null || typeof event !== 'object') return event;
  const doc = structuredClone(event) as Doc;
  for (const part of partsOf(id, doc)) {
    const present = part.fields.filter((field) => part.holder[field] !== undefined);
    if (present.length === 0) continue;
    const secret = Object.fromEntries(present.map((field) => [field, part.holder[field]]));
    for (const field of present) delete part.holder[field];
    part.holder.sealed = seal(await keys.forSealing(part.familyId), part.familyId, secret);
  }
  return doc;
}

export type Opened = Readonly<{ kind: 'open'; document: unknown }> | Readonly<{ kind: 'erased'; familyId: string; clear: Readonly<Doc> }>;

/**
 * Opens what was sealed. An event about an erased family comes back as 'erased' with its clear
 * fields only (ids and times), whether it was sealed or published in clear before sealing existed;
 * a digest loses the erased families' entries and keeps the rest.
 */
export async function openSealed(keys: FamilyKeys, topic: string, document: unknown): Promise<Opened> {
  const id = topicIdOf(topic);
  if (!id || document === null || typeof document !== 'object') return { kind: 'open', document };
  const parts = partsOf(id, document as Doc);
  if (parts.length === 0) return { kind: 'open', document };
  const doc = { ...(document as Doc) };
  if (id === 'digests') {
    const families: Doc[] = [];
    for (const part of parts) {
      const opened = await openPart(keys, part);
      if (opened) families.push(opened);
    }
    doc.families = families;
    // The digest as it reads without the erased families: their items no longer count (as purgeFamily leaves the stored copy).
    if (families.length < parts.length) doc.counts = digestCounts(families as unknown as FamilyDigest[]);
    return { kind: 'open', document: doc };
  }
  const opened = await openPart(keys, { ...parts[0], holder: doc });
  if (!opened) {
    // What is left in clear: never the sealable fields, even of an event published before sealing.
    const clear = { ...doc };
    for (const field of ['sealed', ...parts[0].fields]) delete clear[field];
    return { kind: 'erased', familyId: parts[0].familyId, clear };
  }
  return { kind: 'open', document: opened };
}

/** The part with its sealed fields back in place, or undefined when its family is erased. */
async function openPart(keys: FamilyKeys, part: Part): Promise<Doc | undefined> {
  const key = await keys.forOpening(part.familyId);
  if (key === 'erased') return undefined;
  const { sealed, ...clear } = part.holder;
  if (sealed === undefined) return part.holder;
  if (key === 'none') {
    throw new LiveRiskError('FAMILY_KEY_MISSING', `a sealed event names family ${part.familyId}, which has no key in family_keys`, {
      hint: 'restore the family_keys table with the rest of the database from the same backup; it is not a projection and cannot be rebuilt',
    });
  }
  return { ...clear, ...open(key, part.familyId, asBox(sealed)) };
}

/**
 * The box's shape, checked by hand on the hot path (a replay opens every message): zod's base64
 * checks cost more than the decryption. A box that lies about its contents fails authentication.
 */
function asBox(value: unknown): SealedBox {
  const box = value as Partial<SealedBox> | null;
  if (box && box.v === 1 && typeof box.iv === 'string' && typeof box.tag === 'string' && typeof box.data === 'string') return box as SealedBox;
  throw new Error(`not a sealed box: ${sealedBox.description ?? 'v, iv, tag and data expected'}`);
}

function seal(key: Buffer, familyId: string, fields: Doc): SealedBox {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(familyId, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function open(key: Buffer, familyId: string, box: SealedBox): Doc {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
  decipher.setAAD(Buffer.from(familyId, 'utf8'));
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
  const text = Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as Doc;
}
