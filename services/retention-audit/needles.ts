import { fold } from './fold';
import type { Person } from './person';

/**
 * What the audit looks for: one pattern per attribute of the person, each matching the forms that
 * attribute is written in, over folded text (fold.ts). A pattern never matches inside a longer word
 * or number: "Ann" is not found in "Annabel", nor an NHS number inside a longer run of digits.
 */
export const attributes = ['givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'pncId', 'memberId', 'otherIdentifier', 'uprn', 'postcode'] as const;
export type Attribute = (typeof attributes)[number];

/** Attributes that name one person by themselves; the others need a second (see `identifies`). */
const strong: ReadonlySet<Attribute> = new Set(['nhsNumber', 'pncId', 'memberId', 'otherIdentifier']);

export type Needle = Readonly<{ attribute: Attribute; pattern: RegExp }>;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const notLetterBefore = '(?<![a-z])';
const notLetterAfter = '(?![a-z])';
const notAlnumBefore = '(?<![a-z0-9])';
const notAlnumAfter = '(?![a-z0-9])';
const notDigitBefore = '(?<!\\d)';
const notDigitAfter = '(?!\\d)';

/** "Mary-Ann", "mary ann", "MARYANN" and "Mary  Ann" are one name: its parts, with up to 3 separators between them. */
function namePattern(name: string): RegExp {
  const parts = fold(name).split(/[^a-z0-9]+/).filter(Boolean).map(escape);
  return new RegExp(`${notLetterBefore}${parts.join('[^a-z0-9]{0,3}')}${notLetterAfter}`);
}

const monthNames = ['jan(?:uary)?', 'feb(?:ruary)?', 'mar(?:ch)?', 'apr(?:il)?', 'may', 'june?', 'july?', 'aug(?:ust)?', 'sep(?:t(?:ember)?)?', 'oct(?:ober)?', 'nov(?:ember)?', 'dec(?:ember)?'];

/**
 * A date of birth as systems write it: 2014-03-09 (ISO, and inside a timestamp), 2014/03/09,
 * 20140309, 09/03/2014, 9/3/2014, 09-03-2014, 09.03.2014, 09032014 and "9 March 2014".
 * Not the day and month swapped: that is another date, and would be found for other people.
 */
function datePattern(isoDate: string): RegExp {
  const [year, month, day] = isoDate.split('-');
  const d = `0?${Number(day)}`;
  const m = `0?${Number(month)}`;
  const forms = [
    `${year}[-/.]?${month}[-/.]?${day}`,
    `${d}[/.-]${m}[/.-]${year}`,
    `${day}${month}${year}`,
    `${d}(?:st|nd|rd|th)?\\s+${monthNames[Number(month) - 1]}\\.?,?\\s+${year}`,
  ];
  return new RegExp(`${notDigitBefore}(?:${forms.join('|')})${notDigitAfter}`);
}

/** 9434765919 as written, or grouped 943 476 5919 (spaces or dashes). */
const nhsPattern = (digits: string): RegExp =>
  new RegExp(`${notDigitBefore}${digits.slice(0, 3)}[\\s-]?${digits.slice(3, 6)}[\\s-]?${digits.slice(6)}${notDigitAfter}`);

/** 12/345678A, 12/0345678A, 12 345678 A, 12345678A: the year, the serial with any leading zeros, the check letter. */
function pncPattern(id: string): RegExp {
  const [, year, serial, letter] = /^(\d{2})\/(\d+)([A-Z])$/.exec(id) ?? [];
  return new RegExp(`${notAlnumBefore}${year}\\s*/?\\s*0*${String(Number(serial))}\\s*${letter.toLowerCase()}${notAlnumAfter}`);
}

/** Any other id: its letters and digits in order, each run of punctuation or space optional ("F0042-M3" = "f0042 m3" = "f0042m3"). */
function identifierPattern(id: string): RegExp {
  const runs = fold(id).split(/[^a-z0-9]+/).filter(Boolean).map(escape);
  return new RegExp(`${notAlnumBefore}${runs.join('[^a-z0-9]?')}${notAlnumAfter}`);
}

/** "BA1 1AA", "ba11aa", "BA1  1AA". */
function postcodePattern(code: string): RegExp {
  const compact = code.toLowerCase().replace(/\s+/g, '');
  return new RegExp(`${notAlnumBefore}${compact.slice(0, -3)}\\s*${compact.slice(-3)}${notAlnumAfter}`);
}

export function needlesFor(person: Person): Needle[] {
  const ids = person.identifiers ?? {};
  const needles: Needle[] = [
    { attribute: 'givenName', pattern: namePattern(person.givenName) },
    { attribute: 'familyName', pattern: namePattern(person.familyName) },
  ];
  if (person.dateOfBirth) needles.push({ attribute: 'dateOfBirth', pattern: datePattern(person.dateOfBirth) });
  if (ids.nhsNumber) needles.push({ attribute: 'nhsNumber', pattern: nhsPattern(ids.nhsNumber) });
  if (ids.pncId) needles.push({ attribute: 'pncId', pattern: pncPattern(ids.pncId) });
  if (ids.memberId) needles.push({ attribute: 'memberId', pattern: identifierPattern(ids.memberId) });
  for (const other of ids.other ?? []) needles.push({ attribute: 'otherIdentifier', pattern: identifierPattern(other) });
  if (ids.uprn) needles.push({ attribute: 'uprn', pattern: new RegExp(`${notDigitBefore}${ids.uprn}${notDigitAfter}`) });
  if (ids.postcode) needles.push({ attribute: 'postcode', pattern: postcodePattern(ids.postcode) });
  return needles;
}

/**
 * Whether the attributes found together in one record (a message, a row, a log line, an email, a
 * page) point at this person: an identifier of their own, or two of given name, family name and
 * date of birth. A family name alone, a postcode or a UPRN (shared by a household) is a partial
 * match: reported, for a person to look at, but not proof the person is there.
 */
export function identifies(found: ReadonlySet<Attribute>): boolean {
  if ([...found].some((attribute) => strong.has(attribute))) return true;
  const personal = ['givenName', 'familyName', 'dateOfBirth'].filter((attribute) => found.has(attribute as Attribute));
  return personal.length >= 2;
}

/** The attributes whose pattern occurs in any of `texts` (each folded first). */
export function matchTexts(texts: Iterable<string>, needles: readonly Needle[], into: Set<Attribute> = new Set()): Set<Attribute> {
  const everything = new Set(needles.map((needle) => needle.attribute)).size;
  for (const text of texts) {
    if (into.size === everything) break;
    const folded = fold(text);
    for (const needle of needles) if (!into.has(needle.attribute) && needle.pattern.test(folded)) into.add(needle.attribute);
  }
  return into;
}
