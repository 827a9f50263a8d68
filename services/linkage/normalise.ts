/**
 * Normal forms for comparison, applied identically to both sides of every pair.
 */
const nonAscii = /[\u0080-\uffff]/;
/** Accents off ("Zoë" → "Zoe"); plain ASCII, nearly every value, skips the Unicode normalisation. */
const stripAccents = (value: string): string => (nonAscii.test(value) ? value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : value);

/** Name parts, lower case, letters only: "Smith-Jones" → ["smith", "jones"], "O'Brien" → ["obrien"]. */
export function nameParts(value: string | null | undefined): string[] {
  if (!value) return [];
  return stripAccents(value)
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** Upper-case letters and digits only: " ba1  1aa" → "BA11AA", "2602" → "2602". */
export function compactPostcode(value: string | null | undefined): string {
  return value ? value.toUpperCase().replace(/[^A-Z0-9]/g, '') : '';
}

const ukPostcode = /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/;

/**
 * The postcode's broader areas. A UK postcode's sector is the outward code plus the first inward
 * digit (BA1 1AA → BA11) and its district the outward code (BA1). Other countries' codes are read
 * as prefixes that narrow from left to right, as Australian, US and most European codes do: the
 * sector drops the last character (2602 → 260) and the district keeps the first half (26).
 */
export function postcodeAreas(compact: string): { sector: string; district: string } {
  if (ukPostcode.test(compact)) return { sector: compact.slice(0, -2), district: compact.slice(0, -3) };
  if (compact.length < 3) return { sector: '', district: '' };
  return { sector: compact.slice(0, -1), district: compact.slice(0, Math.ceil(compact.length / 2)) };
}

const abbreviations: ReadonlyMap<string, string> = new Map([
  ['st', 'street'], ['str', 'street'], ['rd', 'road'], ['ave', 'avenue'], ['av', 'avenue'], ['ln', 'lane'],
  ['dr', 'drive'], ['cres', 'crescent'], ['cr', 'crescent'], ['cl', 'close'], ['ct', 'court'], ['crt', 'court'],
  ['pl', 'place'], ['sq', 'square'], ['tce', 'terrace'], ['terr', 'terrace'], ['gdns', 'gardens'],
  ['hwy', 'highway'], ['pde', 'parade'], ['cct', 'circuit'], ['gr', 'grove'], ['gro', 'grove'], ['wy', 'way'],
  ['blvd', 'boulevard'], ['mt', 'mount'], ['apt', 'flat'], ['unit', 'flat'], ['no', ''],
]);

/** Street types say little about which street it is: "12 Mill Lane" vs "12 Mill Road" mostly differ by the name. */
export const streetTypes: ReadonlySet<string> = new Set([
  'street', 'road', 'avenue', 'lane', 'drive', 'crescent', 'close', 'court', 'place', 'square', 'terrace',
  'gardens', 'highway', 'parade', 'circuit', 'grove', 'way', 'boulevard', 'walk', 'row', 'flat', 'house',
]);

/** Address words and house numbers, lower case, abbreviations expanded: "12a High St." → ["12a", "high", "street"]. */
export function addressTokens(value: string | null | undefined): string[] {
  if (!value) return [];
  const tokens: string[] = [];
  for (const raw of stripAccents(value).toLowerCase().split(/[^a-z0-9]+/)) {
    if (!raw) continue;
    const token = abbreviations.get(raw) ?? raw;
    if (token) tokens.push(token);
  }
  return tokens;
}

/** Date of birth as the number yyyymmdd, or -1. Impossible days such as 1980-02-31 are kept: a copy with a typo must still compare. */
export function dateOfBirthNumber(value: string | null | undefined): number {
  if (!value) return -1;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  return match ? Number(match[1] + match[2] + match[3]) : -1;
}

/** Dates that stand for "unknown": the first of January, and anything in or before 1900. */
export const isPlaceholderDate = (yyyymmdd: number): boolean => yyyymmdd % 10000 === 101 || yyyymmdd < 19010000;
