import type { WithheldReason } from '../contracts';
import type { LawfulBasis } from './policy';

/**
 * One family's consent for live-risk sharing as it stood at a digest's cut-off: the latest record
 * per member ('' is the whole family), read from consent_history. A record `given` with basis
 * `consent` is the family's consent; with `public-task` it says consent is not required because of
 * a recorded statutory basis; with `vital-interests` and a justification it is a safeguarding
 * override, sharing without consent that must be marked wherever it appears.
 */
export type ConsentRecord = Readonly<{
  memberId: string;
  status: 'given' | 'withdrawn';
  basis: LawfulBasis | null;
  justification: string | null;
}>;

/** Whether the people an item concerns may be shared about, and on what basis. */
export type ConsentStanding =
  | Readonly<{ inForce: true; basis: LawfulBasis; withoutConsent?: { justification: string } }>
  | Readonly<{ inForce: false; reason: Extract<WithheldReason, 'consent-withdrawn' | 'no-consent-recorded' | 'safeguarding-without-justification'> }>;

type Failure = Extract<ConsentStanding, { inForce: false }>['reason'];
type Standing = { ok: true; basis: LawfulBasis; justification?: string } | { ok: false; reason: Failure };

const familyWide = '';

/** The safeguarding override: vital interests with the justification the record must carry. */
const isOverride = (record: ConsentRecord | undefined): record is ConsentRecord & { justification: string } =>
  record?.status === 'given' && record.basis === 'vital-interests' && !!record.justification;

function standingOf(record: ConsentRecord | undefined): Standing {
  if (!record) return { ok: false, reason: 'no-consent-recorded' };
  if (record.status === 'withdrawn' || record.basis === null) return { ok: false, reason: 'consent-withdrawn' };
  if (record.basis === 'vital-interests') {
    // Sharing without consent on safeguarding grounds is lawful only with a recorded justification.
    return record.justification ? { ok: true, basis: 'vital-interests', justification: record.justification } : { ok: false, reason: 'safeguarding-without-justification' };
  }
  return { ok: true, basis: record.basis };
}

/** A withdrawal outweighs a missing record, which outweighs a missing justification, when telling governance why. */
const failureOrder: readonly Failure[] = ['consent-withdrawn', 'safeguarding-without-justification', 'no-consent-recorded'];
const basisOrder: readonly LawfulBasis[] = ['vital-interests', 'public-task', 'consent'];

/**
 * Consent for every member an item concerns: each member's own record, else the family's. A member
 * whose own consent is withdrawn or missing is still shared about when the family has a safeguarding
 * override. An item linked by address alone concerns the family as a whole. Pure.
 */
export function consentStanding(records: readonly ConsentRecord[], memberIds: readonly string[]): ConsentStanding {
  const family = records.find((record) => record.memberId === familyWide);
  const subjects = memberIds.length ? [...new Set(memberIds)] : [familyWide];
  const standings = subjects.map((memberId): Standing => {
    const own = memberId === familyWide ? undefined : records.find((record) => record.memberId === memberId);
    const standing = standingOf(own ?? family);
    if (!standing.ok && isOverride(family)) return { ok: true, basis: 'vital-interests', justification: family.justification };
    return standing;
  });
  const failures = standings.flatMap((standing) => (standing.ok ? [] : [standing.reason]));
  if (failures.length) return { inForce: false, reason: failureOrder.find((reason) => failures.includes(reason)) ?? failures[0] };
  const held = standings.filter((standing): standing is Extract<Standing, { ok: true }> => standing.ok);
  const basis = basisOrder.find((candidate) => held.some((standing) => standing.basis === candidate)) ?? 'consent';
  const justifications = [...new Set(held.flatMap((standing) => (standing.justification ? [standing.justification] : [])))];
  return justifications.length ? { inForce: true, basis, withoutConsent: { justification: justifications.join('; ') } } : { inForce: true, basis };
}
