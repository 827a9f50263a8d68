import { isValidNhsNumber } from '../cohort/nhs-number';

/**
 * Strong identifiers count only when valid: a mistyped NHS number or PNC ID almost always fails
 * its check character, and an invalid one is treated as missing (neutral), never as evidence.
 */
export function validNhsNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/[\s-]/g, '');
  return isValidNhsNumber(digits) ? digits : null;
}

/**
 * PNC ID: two-digit year, "/", serial of up to 7 digits, check letter. The check letter indexes
 * ZABCDEFGHJKLMNPQRTUVWXY by (year followed by the serial padded to 7 digits) mod 23.
 *
 *   12/345678A  →  120345678 mod 23
 */
export function validPncId(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{2})\/(\d{1,7})([A-Z])$/.exec(value.trim().toUpperCase());
  if (!match) return null;
  const [, year, serial, letter] = match;
  const expected = 'ZABCDEFGHJKLMNPQRTUVWXY'[Number(year + serial.padStart(7, '0')) % 23];
  return letter === expected ? `${year}/${serial.padStart(7, '0')}${letter}` : null;
}

/** UPRNs are numbers: leading zeros and spaces carry no meaning. */
export function validUprn(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.trim();
  return /^\d{1,12}$/.test(digits) ? digits.replace(/^0+(?=\d)/, '') : null;
}
