import { z } from 'zod';
import { LiveRiskError } from '../platform/errors';

/**
 * One entry of the record of disclosures: what was shown or shared, about whom, to whom, on what
 * basis, under which policy version, when. Ids only: names, dates of birth and identifiers never
 * enter the log, so the log itself is not a second copy of the cohort. A subject access request is
 * answered by resolving the person to member ids first (see subject.ts).
 */
export const auditKinds = [
  /** An item (or the existence of one) was disclosed to a recipient, e.g. a digest item to a practitioner. */
  'disclosure',
  /** A person opened something that shows personal data, e.g. a digest in the portal. */
  'view',
  /** An analyst read identifiable, not pseudonymised, data (a replay, an export). */
  'raw-access',
  /** A disclosure the policy refused; recorded so the refusal can be explained too. */
  'refused',
  /** Someone searched this log for what was shared about a person (a subject access request). */
  'subject-access',
  /** A retention run removed records past their period (counts per record class, never what they were). */
  'retention',
  /**
   * Someone ran `retention audit`: who, when, how many places were searched and where the person was
   * found, in counts. Never what was searched for: the needles are the person's names and identifiers.
   */
  'retention-audit',
  /** An urgent alert was raised to, or escalated to, a recipient (services/urgent): that an item exists, never what it says. */
  'urgent-alert',
  /** Someone acknowledged an urgent alert: they have it in hand. */
  'acknowledgement',
  /** A holder decided to withhold an item as more detrimental to the child, or a review upheld or lifted that. */
  'sharing-decision',
  /**
   * A family was erased (its key destroyed), or a safeguarding hold on erasure placed or released:
   * who decided, why (`justification`) and on what basis (`detail.basis`). Ids and counts only, so
   * the entry holds nothing the erasure removes and the chain verifies after it.
   */
  'erasure',
] as const;
export type AuditKind = (typeof auditKinds)[number];

/** How much of an item the recipient saw. */
export const disclosureLevels = ['full', 'summary', 'existence-only'] as const;
export type DisclosureLevel = (typeof disclosureLevels)[number];

const id = z.string().min(1).max(200);
/**
 * `detail` is deliberately flat and scalar: it is hashed through jsonb, which re-orders keys and
 * normalises numbers, and a flat map of short values round-trips exactly.
 */
const detailValue = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]);

/** What a caller asks to record; the store adds seq, at and the hashes. */
export const auditEntryInput = z
  .object({
    kind: z.enum(auditKinds),
    /** A practitioner id, 'system', or 'analyst:<user>' / 'operator:<user>'. */
    actor: id,
    /** Who received it: a practitioner id, an organisation, an analyst. */
    recipient: id.optional(),
    subjectMemberIds: z.array(id).max(100).default([]),
    familyId: id.optional(),
    /** The match id (or agency event id) of the item disclosed. */
    itemId: id.optional(),
    digestId: id.optional(),
    agency: id.optional(),
    category: id.optional(),
    level: z.enum(disclosureLevels).optional(),
    lawfulBasis: id.optional(),
    policyVersion: id.optional(),
    /** Why, when sharing happened without consent (a safeguarding override) or was refused. */
    justification: z.string().min(1).max(2000).optional(),
    detail: z.record(z.string().max(100), detailValue).default({}),
  })
  .strict()
  .superRefine((entry, context) => {
    if (entry.kind !== 'disclosure') return;
    // A disclosure that cannot say to whom, how much and why is exactly what the log exists to prevent.
    for (const field of ['recipient', 'level', 'lawfulBasis', 'policyVersion'] as const) {
      if (entry[field] === undefined) context.addIssue({ code: 'custom', path: [field], message: `a disclosure must record its ${field}` });
    }
  });
export type AuditEntryInput = z.input<typeof auditEntryInput>;

/** The recorded content of an entry: every field present, absent ones as null, so it hashes the same after a round trip. */
export type AuditContent = Readonly<{
  seq: number;
  /** ISO 8601 in UTC with milliseconds, as Date#toISOString writes it. */
  at: string;
  kind: AuditKind;
  actor: string;
  recipient: string | null;
  subjectMemberIds: readonly string[];
  familyId: string | null;
  itemId: string | null;
  digestId: string | null;
  agency: string | null;
  category: string | null;
  level: DisclosureLevel | null;
  lawfulBasis: string | null;
  policyVersion: string | null;
  justification: string | null;
  detail: Readonly<Record<string, string | number | boolean | null>>;
}>;

export type AuditEntry = AuditContent & Readonly<{ prevHash: string; hash: string }>;

/** Validates a caller's input and fills in what the store decides. Subjects are sorted and unique, so order never matters. */
export function toContent(input: AuditEntryInput, seq: number, at: Date): AuditContent {
  const parsed = auditEntryInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ');
    throw new LiveRiskError('INPUT_INVALID', `audit entry not recorded: ${problems}`, { hint: 'the caller must say what was disclosed, to whom and why' });
  }
  const entry = parsed.data;
  return {
    seq,
    at: at.toISOString(),
    kind: entry.kind,
    actor: entry.actor,
    recipient: entry.recipient ?? null,
    subjectMemberIds: [...new Set(entry.subjectMemberIds)].sort(),
    familyId: entry.familyId ?? null,
    itemId: entry.itemId ?? null,
    digestId: entry.digestId ?? null,
    agency: entry.agency ?? null,
    category: entry.category ?? null,
    level: entry.level ?? null,
    lawfulBasis: entry.lawfulBasis ?? null,
    policyVersion: entry.policyVersion ?? null,
    justification: entry.justification ?? null,
    detail: entry.detail,
  };
}
