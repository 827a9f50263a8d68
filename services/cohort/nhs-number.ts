/**
 * NHS number check digit (modulus 11). The first nine digits are weighted 10 down to 2; the check
 * digit is 11 minus the weighted sum mod 11, where 11 becomes 0 and 10 means the nine digits can
 * never form a valid number (NHS England never issues them).
 *
 *   9 4 3 4 7 6 5 9 1 | 9
 *   weights 10..2     | check
 */
export function nhsNumberCheckDigit(firstNineDigits: string): number | undefined {
  if (!/^\d{9}$/.test(firstNineDigits)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

/** True for exactly ten digits (no spaces) whose last digit is the modulus-11 check digit. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return nhsNumberCheckDigit(value.slice(0, 9)) === Number(value[9]);
}
