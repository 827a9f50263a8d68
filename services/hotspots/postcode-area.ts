/**
 * The area of a UK postcode at the two sizes hot spots use, never finer:
 *
 *   LS9 8AB   district LS9 (the outward code)   sector LS9 8 (outward code and the inward code's digit)
 *
 * A postcode itself (about 15 addresses) or a street would point at households, so neither is
 * produced. Pure.
 */
export const areaKinds = ['district', 'sector'] as const;
export type AreaKind = (typeof areaKinds)[number];

export function postcodeArea(postcode: string, kind: AreaKind): string | null {
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  const match = /^([A-Z]{1,2}\d[A-Z\d]?)(\d)[A-Z]{2}$/.exec(compact);
  if (!match) return null;
  return kind === 'district' ? match[1] : `${match[1]} ${match[2]}`;
}
