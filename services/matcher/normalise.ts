/**
 * Normal forms used for deterministic comparison. Both sides (cohort and event) go through the same
 * functions, so "O'Brien" and "OBRIEN", or "12 High St." and "12 high st", compare equal.
 */
const lettersOnly = (value: string) =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

export function nameKey(familyName: string, givenName: string): string {
  return `${lettersOnly(familyName)}|${lettersOnly(givenName)}`;
}

export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

/** The outward code (e.g. BA2): an area, safe to show where the full address is not. */
export function postcodeDistrict(postcode: string): string {
  const compact = normalisePostcode(postcode);
  return compact.slice(0, Math.max(compact.length - 3, 2));
}

export function addressKey(line1: string, postcode: string): string {
  const line = line1
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
  return `${line}|${normalisePostcode(postcode)}`;
}
