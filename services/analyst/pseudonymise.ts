import { createHmac } from 'node:crypto';

/**
 * Stable keyed pseudonyms for everything an analyst command prints or writes. A pseudonym is
 * HMAC-SHA256(key, kind NUL value), so the same value gives the same pseudonym in every run (two
 * outputs can be joined), while without the key nobody can test a guess ("is person-… Karen?").
 *
 *   person-3f9a2c1b04de      kind, a dash, the first 12 hex digits of the HMAC
 *
 * 12 hex digits (48 bits) rather than 8: pseudonymised member and family ids stay primary keys in a
 * replay schema, and at a million members 32 bits would almost surely collide; 48 bits makes that
 * about one in five hundred.
 */
export const pseudonymKinds = [
  'person', 'dob', 'nhs', 'pnc', 'member', 'family', 'reference', 'address', 'postcode', 'uprn', 'email', 'text', 'value',
] as const;
export type PseudonymKind = (typeof pseudonymKinds)[number];

export type Pseudonymiser = Readonly<{
  pseudonym(kind: PseudonymKind, value: string): string;
}>;

const digits = 12;

export function createPseudonymiser(key: Buffer): Pseudonymiser {
  if (key.length < 16) throw new Error('a pseudonym key must be at least 16 bytes');
  return {
    pseudonym: (kind, value) => `${kind}-${createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('hex').slice(0, digits)}`,
  };
}

