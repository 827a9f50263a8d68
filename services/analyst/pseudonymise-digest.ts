import type { DigestIssued } from '../contracts';
import { pseudonymiseJson } from './personal-data';
import type { PseudonymKind, Pseudonymiser } from './pseudonymise';

/**
 * A digest as an analyst may see it: who the family is (id and reference), the practitioner's name,
 * the agency's narrative, why an item was linked (it names people), a safeguarding justification and
 * the area are replaced by keyed pseudonyms; the ratings, rules, categories, times and policy levels
 * that analysts study are kept, so the text and HTML renderings still read as a digest.
 *
 * Fail closed, like `pseudonymiseJson`: a field this list does not know (a later contract version)
 * is pseudonymised until someone decides it is safe.
 */
export const sensitiveDigestFields: Readonly<Record<string, PseudonymKind>> = {
  familyId: 'family',
  familyReference: 'reference',
  practitionerName: 'person',
  summary: 'text',
  whyMatched: 'text',
  justification: 'text',
  area: 'postcode',
};

const safe: ReadonlySet<string> = new Set([
  'type', 'digestId', 'practitionerId', 'date', 'window', 'from', 'to', 'cutOff', 'ruleSetVersion', 'policyVersion',
  'recipientRole', 'withheld', 'generatedAt', 'counts', 'families', 'riskLevel', 'findings', 'items', 'rule', 'id',
  'version', 'raisesTo', 'text', 'matchId', 'ratedBecause', 'timing', 'agency', 'organisation', 'category',
  'categoryLabel', 'occurredAt', 'reportedAt', 'disclosure', 'level', 'basis', 'withoutConsent', 'contact',
]);

export function pseudonymiseDigest(p: Pseudonymiser, digest: DigestIssued): DigestIssued {
  return walk(p, digest, '') as DigestIssued;
}

/** One value of a digest, under the field that holds it (array items under their array's field). */
export function pseudonymiseDigestValue(p: Pseudonymiser, field: string, value: unknown): unknown {
  return walk(p, value, field);
}

function walk(p: Pseudonymiser, value: unknown, field: string): unknown {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  const kind = sensitiveDigestFields[field];
  if (kind) return typeof value === 'object' ? pseudonymiseJson(p, value, field) : p.pseudonym(kind, String(value));
  if (field !== '' && !safe.has(field)) return pseudonymiseJson(p, value, field);
  if (Array.isArray(value)) return value.map((item) => walk(p, item, field));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, walk(p, inner, key)]));
  }
  return value;
}
