import type { PreparedRecord } from './prepare';

/**
 * Prepared people as rows of integers in typed arrays (struct of arrays) rather than one object
 * each. Scoring a candidate reads one 32-byte row, and its address words from one pool, instead
 * of an object, its token array and that array's backing store scattered over the heap: at a
 * million people every one of those is a cache miss. Strong identifiers are numbers (an NHS number
 * has 10 digits, a UPRN at most 12, a PNC ID 9 digits and a check letter that follows from them),
 * in a column of their own that is read only when the record has one too.
 *
 * Row layout, 8 × Int32:
 *   given · family · date of birth · postcode · address hash · first token · token count |
 *   house number count << 16 · live (1) or removed (0)
 */
const STRIDE = 8;
export const GIVEN = 0, FAMILY = 1, DOB = 2, POSTCODE = 3, ADDRESS_HASH = 4, TOKENS = 5, COUNTS = 6, LIVE = 7;
const NHS = 0, PNC = 1, UPRN = 2;

export class PersonRows {
  rows: Int32Array;
  tokens = new Int32Array(1024);
  /** NHS number, PNC ID and UPRN as numbers, -1 when missing. */
  strong: Float64Array;
  readonly ids: string[] = [];
  private tokenTotal = 0;

  constructor(capacity = 1024) {
    this.rows = new Int32Array(capacity * STRIDE);
    this.strong = new Float64Array(capacity * 3);
  }

  /** Writes the person into row `at` (growing the arrays as needed); a rewritten row's old tokens stay unused. */
  write(at: number, person: PreparedRecord): void {
    if ((at + 1) * STRIDE > this.rows.length) this.grow(Math.max(at + 1, Math.ceil((this.rows.length / STRIDE) * 1.5)));
    const words = person.addressTokens;
    if (this.tokenTotal + words.length > this.tokens.length) {
      const grown = new Int32Array(Math.ceil((this.tokenTotal + words.length) * 1.5));
      grown.set(this.tokens.subarray(0, this.tokenTotal));
      this.tokens = grown;
    }
    const row = at * STRIDE;
    const rows = this.rows;
    rows[row + GIVEN] = person.given;
    rows[row + FAMILY] = person.family;
    rows[row + DOB] = person.dateOfBirth;
    rows[row + POSTCODE] = person.postcode;
    rows[row + ADDRESS_HASH] = person.addressHash;
    rows[row + TOKENS] = this.tokenTotal;
    rows[row + COUNTS] = words.length | (person.houseNumberCount << 16);
    rows[row + LIVE] = 1;
    for (let i = 0; i < words.length; i++) this.tokens[this.tokenTotal++] = words[i];
    this.strong[at * 3 + NHS] = person.nhsNumber === null ? -1 : Number(person.nhsNumber);
    this.strong[at * 3 + PNC] = person.pncId === null ? -1 : pncNumber(person.pncId);
    this.strong[at * 3 + UPRN] = person.uprn === null ? -1 : Number(person.uprn);
    this.ids[at] = person.id;
  }

  /** Forgets every row's tokens: for scratch rows that are rewritten for each pair or record. */
  clearTokens(): void {
    this.tokenTotal = 0;
  }

  private grow(capacity: number): void {
    const rows = new Int32Array(capacity * STRIDE);
    rows.set(this.rows);
    this.rows = rows;
    const strong = new Float64Array(capacity * 3);
    strong.set(this.strong);
    this.strong = strong;
  }

  /** Offset of row `at` in `rows`. */
  static row(at: number): number {
    return at * STRIDE;
  }

  isLive(at: number): boolean {
    return at * STRIDE < this.rows.length && this.rows[at * STRIDE + LIVE] === 1;
  }

  markRemoved(at: number): void {
    this.rows[at * STRIDE + LIVE] = 0;
  }

  field(at: number, field: number): number {
    return this.rows[at * STRIDE + field];
  }

  nhs(at: number): number {
    return this.strong[at * 3 + NHS];
  }

  pnc(at: number): number {
    return this.strong[at * 3 + PNC];
  }

  uprn(at: number): number {
    return this.strong[at * 3 + UPRN];
  }

  /** The person in row `at` as a prepared record again (for re-keying on removal, and for tests). */
  prepared(at: number): PreparedRecord {
    return this.readInto(at, { id: '', given: -1, family: -1, dateOfBirth: -1, postcode: -1, addressHash: 0, addressTokens: [], houseNumberCount: 0, nhsNumber: null, pncId: null, uprn: null });
  }

  /** Fills `into` with the person in row `at` (its token array reused), so a pass over a million rows makes no garbage. */
  readInto(at: number, into: Mutable<PreparedRecord> & { addressTokens: number[] }): PreparedRecord {
    const row = at * STRIDE;
    const rows = this.rows;
    const start = rows[row + TOKENS], counts = rows[row + COUNTS];
    const nhs = this.nhs(at), pnc = this.pnc(at), uprn = this.uprn(at);
    into.id = this.ids[at];
    into.given = rows[row + GIVEN];
    into.family = rows[row + FAMILY];
    into.dateOfBirth = rows[row + DOB];
    into.postcode = rows[row + POSTCODE];
    into.addressHash = rows[row + ADDRESS_HASH];
    into.addressTokens.length = 0;
    for (let i = start; i < start + (counts & 0xffff); i++) into.addressTokens.push(this.tokens[i]);
    into.houseNumberCount = counts >>> 16;
    into.nhsNumber = nhs < 0 ? null : String(nhs).padStart(10, '0');
    into.pncId = pnc < 0 ? null : pncIdOf(pnc);
    into.uprn = uprn < 0 ? null : String(uprn);
    return into;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A valid PNC ID's year and serial as one number (yy/nnnnnnnL → yynnnnnnn), without making strings. */
function pncNumber(id: string): number {
  let number = 0;
  for (let i = 0; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit >= 0 && digit <= 9) number = number * 10 + digit;
  }
  return number;
}

/** The PNC ID (yy/nnnnnnnL) whose year and serial are `number`; the check letter follows from them. */
function pncIdOf(number: number): string {
  const digits = String(number).padStart(9, '0');
  return `${digits.slice(0, 2)}/${digits.slice(2)}${'ZABCDEFGHJKLMNPQRTUVWXY'[number % 23]}`;
}
