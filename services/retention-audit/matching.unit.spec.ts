import { searchableTexts } from './expand';
import { fold, htmlText } from './fold';
import { identifies, matchTexts, needlesFor, type Attribute } from './needles';
import { parsePerson, type Person } from './person';

const person: Person = parsePerson(
  {
    givenName: 'Zoë',
    familyName: "O'Brien-Hart",
    dateOfBirth: '2014-03-09',
    identifiers: { nhsNumber: '943 476 5919', pncId: '12/345678A', memberId: 'F0042-M3', uprn: '100023336956', postcode: 'BA1 1AA', other: ['HT-77812'] },
  },
  'test',
);
const needles = needlesFor(person);
const found = (text: string): Attribute[] => [...matchTexts([text], needles)].sort();

describe('folding: case, accents and apostrophes do not hide a name', () => {
  it('folds accents, case and apostrophes, and letters NFKD leaves whole', () => {
    expect(fold("ZOË O’BRIEN")).toBe('zoe obrien');
    expect(fold('Straße Øre')).toBe('strasse ore');
  });

  it('reads an HTML page as its reader sees it', () => {
    expect(htmlText('<p>Zo&#235; O&#39;Brien&#x2d;Hart &amp; co</p>')).toBe(" Zoë O'Brien-Hart & co ");
  });
});

describe('each attribute is found in the forms systems write it in', () => {
  it.each([
    ['Zoe OBRIEN-HART', ['familyName', 'givenName']],
    ['zoë o’brien hart', ['familyName', 'givenName']],
    ['OBrienHart', ['familyName']],
    ['born 2014-03-09', ['dateOfBirth']],
    ['2014-03-09T00:00:00.000Z', ['dateOfBirth']],
    ['dob 09/03/2014', ['dateOfBirth']],
    ['dob 9/3/2014', ['dateOfBirth']],
    ['dob 09032014', ['dateOfBirth']],
    ['dob 20140309', ['dateOfBirth']],
    ['born 9th March 2014', ['dateOfBirth']],
    ['nhs 9434765919', ['nhsNumber']],
    ['nhs 943 476 5919', ['nhsNumber']],
    ['nhs 943-476-5919', ['nhsNumber']],
    ['pnc 12/345678A', ['pncId']],
    ['pnc 12/0345678a', ['pncId']],
    ['member f0042m3', ['memberId']],
    ['tenancy HT 77812', ['otherIdentifier']],
    ['uprn 100023336956', ['uprn']],
    ['ba11aa', ['postcode']],
  ])('%s', (text, attributes) => {
    expect(found(text)).toEqual(attributes);
  });

  it('never inside a longer word or number', () => {
    expect(found('Zoey Brienhart 12014-03-091 99434765919 112/345678AB 1000233369561 BA1 1AAX F0042-M34')).toEqual([]);
  });

  it('the day and month swapped is another date, not this one', () => {
    expect(found('03/09/2014 2014-09-03')).toEqual([]);
  });
});

describe('what is searched inside a stored value', () => {
  const event = { type: 'police.incident', people: [{ givenName: 'Zo\u00eb', familyName: "O'Brien-Hart", dateOfBirth: '2014-03-09' }] };

  it('the JSON after the schema-registry wire header', () => {
    const wire = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), Buffer.from(JSON.stringify(event))]);
    expect([...matchTexts(searchableTexts(wire), needles)].sort()).toEqual(['dateOfBirth', 'familyName', 'givenName']);
  });

  it('JSON whose escapes spell the name (\\u00eb), which the bytes alone do not show', () => {
    const escaped = '{"givenName":"Zo\\u00eb","familyName":"O\'Brien-Hart"}';
    expect(matchTexts([escaped], needles).has('givenName')).toBe(false);
    expect([...matchTexts(searchableTexts(escaped), needles)].sort()).toEqual(['familyName', 'givenName']);
  });

  it('base64 inside JSON, as a dead letter keeps the original bytes', () => {
    const deadLetter = JSON.stringify({ type: 'dead-letter', value: Buffer.from(JSON.stringify(event)).toString('base64') });
    expect([...matchTexts(searchableTexts(Buffer.from(deadLetter)), needles)].sort()).toEqual(['dateOfBirth', 'familyName', 'givenName']);
  });

  it('Latin-1 bytes from an older system', () => {
    expect(matchTexts(searchableTexts(Buffer.from('Zo\u00eb OBrien-Hart', 'latin1')), needles).has('givenName')).toBe(true);
  });
});

describe('which records identify the person', () => {
  it.each([
    [['nhsNumber'], true],
    [['memberId'], true],
    [['givenName', 'familyName'], true],
    [['familyName', 'dateOfBirth'], true],
    [['familyName'], false],
    [['familyName', 'postcode', 'uprn'], false],
    [['dateOfBirth'], false],
  ] as Array<[Attribute[], boolean]>)('%j → %s', (attributes, expected) => {
    expect(identifies(new Set(attributes))).toBe(expected);
  });
});

describe('the person file', () => {
  it('needs only the names, and normalises the NHS number and PNC id', () => {
    const parsed = parsePerson({ givenName: 'A', familyName: 'B', identifiers: { nhsNumber: '943-476-5919', pncId: '12/345678a' } }, 'f');
    expect(parsed.identifiers).toEqual({ nhsNumber: '9434765919', pncId: '12/345678A' });
  });

  it('is refused with the field named and the value never quoted', () => {
    const attempt = () => parsePerson({ givenName: 'Secretname', familyName: 'X', dateOfBirth: '2014-02-30', identifiers: { memberId: 'Q1', nhsNumber: '12345' } }, 'f');
    expect(attempt).toThrow(/dateOfBirth/);
    expect(attempt).toThrow(/identifiers\.memberId: expected at least 3/);
    expect(attempt).toThrow(/identifiers\.nhsNumber/);
    let message = '';
    try {
      attempt();
    } catch (error) {
      message = (error as Error).message;
    }
    for (const value of ['Secretname', '2014-02-30', 'Q1', '12345']) expect(message).not.toContain(value);
  });
});
