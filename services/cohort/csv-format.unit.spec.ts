import { cohortCsvColumns, formatCohortCsv, parseCohortCsv, type CohortRow } from './csv-format';
import { isValidNhsNumber, nhsNumberCheckDigit } from './nhs-number';

const header = cohortCsvColumns.join(',');

/** One CSV line in header order, from a row of overrides on a valid member. */
function line(overrides: Partial<Record<string, string>> = {}): string {
  const values: Record<string, string> = {
    family_id: 'F1',
    family_reference: 'SF-1',
    lead_practitioner_id: 'P001',
    lead_practitioner_name: 'Ann Cole',
    lead_practitioner_email: 'ann.cole@council.example',
    lead_practitioner_team: '',
    member_id: 'F1-M1',
    given_name: 'Jo',
    family_name: 'Smith',
    date_of_birth: '1990-04-01',
    nhs_number: '9990000018',
    pnc_id: '',
    address_line1: '12 Mill Lane',
    address_line2: '',
    town: 'Avonford',
    postcode: 'BA1 1AA',
    uprn: '100000000123',
    consent: 'consent',
    consent_justification: '',
    school_urn: '',
    ...overrides,
  };
  return cohortCsvColumns.map((column) => values[column]).join(',');
}

const csv = (...lines: string[]) => [header, ...lines].join('\n') + '\n';

describe('NHS numbers', () => {
  it('accepts a number whose last digit is the modulus-11 check digit', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9990000018')).toBe(true);
  });

  it('rejects a wrong check digit, nine digits whose check would be 10, and anything not ten digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(nhsNumberCheckDigit('999000014')).toBeUndefined();
    expect(isValidNhsNumber('9990000140')).toBe(false);
    expect(isValidNhsNumber('943 476 5919')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
  });
});

describe('parseCohortCsv', () => {
  it('reads a valid member into a camel-case row, leaving empty optional columns out', () => {
    const { rows, rejections } = parseCohortCsv(csv(line()));
    expect(rejections).toEqual([]);
    expect(rows).toEqual([
      {
        familyId: 'F1',
        familyReference: 'SF-1',
        leadPractitionerId: 'P001',
        leadPractitionerName: 'Ann Cole',
        leadPractitionerEmail: 'ann.cole@council.example',
        memberId: 'F1-M1',
        givenName: 'Jo',
        familyName: 'Smith',
        dateOfBirth: '1990-04-01',
        nhsNumber: '9990000018',
        addressLine1: '12 Mill Lane',
        town: 'Avonford',
        postcode: 'BA1 1AA',
        uprn: '100000000123',
        consent: 'consent',
      },
    ]);
    expect(Object.keys(rows[0])).not.toContain('pncId');
  });

  it('accepts columns in any order, CRLF line ends, a byte-order mark and NHS numbers written with spaces', () => {
    const reversed = [...cohortCsvColumns].reverse();
    const values = line({ nhs_number: '943 476 5919' }).split(',').reverse();
    const { rows, rejections } = parseCohortCsv(`\uFEFF${reversed.join(',')}\r\n${values.join(',')}\r\n`);
    expect(rejections).toEqual([]);
    expect(rows[0]).toMatchObject({ memberId: 'F1-M1', nhsNumber: '9434765919', postcode: 'BA1 1AA' });
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const text = csv(line({ address_line1: '"Flat 2, 12 Mill Lane"', given_name: '"Jo ""JJ"""', consent_justification: '"Agreed at\nthe TAF meeting"' }));
    const { rows, rejections } = parseCohortCsv(text);
    expect(rejections).toEqual([]);
    expect(rows[0]).toMatchObject({ addressLine1: 'Flat 2, 12 Mill Lane', givenName: 'Jo "JJ"', consentJustification: 'Agreed at\nthe TAF meeting' });
  });

  it('counts the physical lines of a quoted line break, so a later bad row is reported on its own line', () => {
    const text = csv(
      line({ consent_justification: '"Agreed at\nTAF"' }), // lines 2-3
      line({ member_id: 'F1-M2', nhs_number: '1234567890', consent_justification: '"Agreed at\nTAF"' }), // lines 4-5
      '', // line 6, blank and ignored
      line({ member_id: 'F1-M3', date_of_birth: '2010-02-30', consent_justification: '"Agreed at\nTAF"' }), // line 7
    );
    const { rows, rejections } = parseCohortCsv(text);
    expect(rows.map((row) => row.memberId)).toEqual(['F1-M1']);
    expect(rejections).toEqual([
      {
        line: 4,
        reason: 'nhs_number "1234567890" fails the NHS modulus-11 check; check the number or leave the column empty',
      },
      {
        line: 7,
        reason: 'date_of_birth "2010-02-30" is not a calendar date; write a real date as YYYY-MM-DD or leave the column empty',
      },
    ]);
  });

  it('rejects empty required columns and badly formed identifiers, naming each column', () => {
    const { rejections } = parseCohortCsv(
      csv(line({ given_name: '', consent: 'yes', pnc_id: '2012/345678A', uprn: '1234567890123', postcode: 'BAD', lead_practitioner_email: 'ann' })),
    );
    expect(rejections).toHaveLength(1);
    const reason = rejections[0].reason;
    expect(reason).toContain('given_name is empty; it is required');
    expect(reason).toContain('consent "yes" is not one of consent, public-task, vital-interests, none');
    expect(reason).toContain('pnc_id "2012/345678A" is not a PNC ID; write it like 12/345678A');
    expect(reason).toContain('uprn "1234567890123" is not a UPRN');
    expect(reason).toContain('postcode "BAD" is not a UK postcode');
    expect(reason).toContain('lead_practitioner_email "ann" is not an email address');
    expect(reason).not.toContain('\n');
  });

  it('rejects the text and dates the cohort events reject, with the same words and without echoing the text', () => {
    const { rows, rejections } = parseCohortCsv(
      csv(
        line({ given_name: 'Jo\u0000' }),
        line({ member_id: 'F1-M2', family_name: 'Smith\u001b[8m' }),
        line({ member_id: 'F1-M3', address_line1: '"12 Mill Lane\n1. Family SF-FAKE: HIGH"' }), // lines 4-5
        line({ member_id: 'F1-M4', town: 'Avon\ud800ford' }),
        line({ member_id: 'F1-M5', date_of_birth: '0000-01-01' }),
        line({ member_id: 'F1-M6', date_of_birth: '2300-01-01' }),
        line({ member_id: 'F1-M7', consent_justification: '"Agreed\tat TAF \u0007"' }),
      ),
    );
    expect(rows).toEqual([]);
    expect(rejections).toEqual([
      { line: 2, reason: 'given_name contains a control character (U+0000) at position 3; remove it' },
      { line: 3, reason: 'family_name contains a control character (U+001B) at position 6; remove it' },
      { line: 4, reason: 'address_line1 contains a line break (U+000A) at position 13; this field is a single line; remove it' },
      { line: 6, reason: 'town contains a lone UTF-16 surrogate (U+D800) at position 5, which is not Unicode text; remove it' },
      { line: 7, reason: 'date_of_birth "0000-01-01" is in year 0000, which is not plausible: expected 1900–2100; write a real date as YYYY-MM-DD or leave the column empty' },
      { line: 8, reason: 'date_of_birth "2300-01-01" is in year 2300, which is not plausible: expected 1900–2100; write a real date as YYYY-MM-DD or leave the column empty' },
      { line: 9, reason: 'consent_justification contains a control character (U+0007) at position 15; only tab, line feed and carriage return are allowed; remove it' },
    ]);
  });

  it('rejects a later row whose family-level columns disagree with the first row of the family', () => {
    const { rows, rejections } = parseCohortCsv(
      csv(line(), line({ member_id: 'F1-M2', postcode: 'BA2 9ZZ', lead_practitioner_id: 'P002' })),
    );
    expect(rows).toHaveLength(1);
    expect(rejections).toEqual([
      {
        line: 3,
        reason:
          'lead_practitioner_id, postcode differ from line 2 of family "F1"; every row of a family must share its reference, practitioner, address and consent, so make this row match line 2',
      },
    ]);
  });

  it("reads a practitioner's team, and rejects a row that puts the same practitioner in another team", () => {
    const { rows, rejections } = parseCohortCsv(
      csv(
        line({ lead_practitioner_team: 'North Family Help' }),
        line({ family_id: 'F2', family_reference: 'SF-2', member_id: 'F2-M1', lead_practitioner_team: 'North Family Help' }),
        line({ family_id: 'F3', family_reference: 'SF-3', member_id: 'F3-M1', lead_practitioner_team: 'South Family Help' }),
        line({ family_id: 'F4', family_reference: 'SF-4', member_id: 'F4-M1', lead_practitioner_id: 'P002', lead_practitioner_team: '' }),
      ),
    );
    expect(rows.map((row) => [row.familyId, row.leadPractitionerTeam])).toEqual([['F1', 'North Family Help'], ['F2', 'North Family Help'], ['F4', undefined]]);
    expect(rejections).toEqual([
      {
        line: 4,
        reason: 'lead_practitioner_team differs from line 2 for practitioner "P001"; a practitioner is in one team, so give the same team on every row that names them',
      },
    ]);
  });

  it('rejects a repeated member_id on the later row, naming the earlier line', () => {
    const { rows, rejections } = parseCohortCsv(csv(line(), line({ given_name: 'Sam' })));
    expect(rows).toHaveLength(1);
    expect(rejections).toEqual([
      { line: 3, reason: 'member_id "F1-M1" is already used on line 2; give each family member a unique member_id' },
    ]);
  });

  it('checks a family against its first accepted row when the first row was rejected', () => {
    const { rows, rejections } = parseCohortCsv(
      csv(line({ nhs_number: '1' }), line({ member_id: 'F1-M2', postcode: 'BA2 9ZZ' }), line({ member_id: 'F1-M3' })),
    );
    expect(rows.map((row) => row.memberId)).toEqual(['F1-M2']);
    expect(rejections.map((rejection) => rejection.line)).toEqual([2, 4]);
  });

  it('refuses sharing on safeguarding grounds without its recorded justification, and keeps the one given', () => {
    const { rows, rejections } = parseCohortCsv(
      csv(
        line({ consent: 'vital-interests' }),
        line({ family_id: 'F2', member_id: 'F2-M1', consent: 'vital-interests', consent_justification: 'MASH decision: risk of significant harm' }),
      ),
    );
    expect(rejections).toEqual([
      { line: 2, reason: expect.stringContaining('consent is vital-interests but consent_justification is empty') },
    ]);
    expect(rows.map((row) => [row.familyId, row.consentJustification])).toEqual([['F2', 'MASH decision: risk of significant harm']]);
  });

  it('reads the roll: a school URN, HOME for a child educated at home, empty when not known; anything else is rejected', () => {
    const { rows, rejections } = parseCohortCsv(
      csv(line({ member_id: 'F1-M1', school_urn: '100001' }), line({ member_id: 'F1-M2', school_urn: 'HOME' }), line({ member_id: 'F1-M3' }), line({ member_id: 'F1-M4', school_urn: 'Avonford Primary' })),
    );
    expect(rows.map((row) => [row.memberId, row.schoolUrn])).toEqual([['F1-M1', '100001'], ['F1-M2', 'HOME'], ['F1-M3', undefined]]);
    expect(rejections).toEqual([{ line: 5, reason: expect.stringContaining("school_urn") }]);
    expect(rejections[0].reason).toContain('six-digit URN, HOME for a child educated at home');
  });

  it('rejects a row with the wrong number of fields and carries on with the next', () => {
    const { rows, rejections } = parseCohortCsv(csv(line({ address_line1: '12, Mill Lane' }), line({ member_id: 'F1-M2' })));
    expect(rows.map((row) => row.memberId)).toEqual(['F1-M2']);
    expect(rejections).toEqual([
      { line: 2, reason: 'the row has 21 fields but the header has 20; quote any field that contains a comma' },
    ]);
  });

  it('rejects stray quotes and reports an unclosed quote at the line where it opens', () => {
    const { rows, rejections } = parseCohortCsv(
      csv(line({ given_name: 'Jo "JJ"' }), line({ member_id: 'F1-M2', given_name: '"Jo"x' }), line({ member_id: 'F1-M3' }), line({ member_id: 'F1-M4', town: '"Avon' })),
    );
    expect(rows.map((row) => row.memberId)).toEqual(['F1-M3']);
    expect(rejections.map((rejection) => rejection.line)).toEqual([2, 3, 5]);
    expect(rejections[0].reason).toContain('a quote appears inside an unquoted field');
    expect(rejections[1].reason).toContain('text follows a closing quote');
    expect(rejections[2].reason).toContain('never closed');
  });

  it('rejects a header with unknown, repeated or missing columns in one message on line 1', () => {
    const { rows, rejections } = parseCohortCsv('family_id,family_id,nhs_no\nF1,F1,1\n');
    expect(rows).toEqual([]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0].line).toBe(1);
    expect(rejections[0].reason).toMatch(/^header: unknown column\(s\) "nhs_no"; repeated column\(s\) family_id; missing required column\(s\) family_reference, /);
  });

  it('accepts a header without the optional columns', () => {
    const required = cohortCsvColumns.filter((column) => !['date_of_birth', 'nhs_number', 'pnc_id', 'address_line2', 'town', 'uprn'].includes(column));
    const values: Record<string, string> = Object.fromEntries(cohortCsvColumns.map((column, index) => [column, line().split(',')[index]]));
    const { rows, rejections } = parseCohortCsv(`${required.join(',')}\n${required.map((column) => values[column]).join(',')}\n`);
    expect(rejections).toEqual([]);
    expect(rows[0]).not.toHaveProperty('nhsNumber');
  });

  it('says so when the file is empty', () => {
    expect(parseCohortCsv('').rejections[0]).toMatchObject({ line: 1, reason: expect.stringContaining('the file is empty') });
  });
});

describe('formatCohortCsv', () => {
  const rows: CohortRow[] = [
    {
      familyId: 'F1',
      familyReference: 'SF-1',
      leadPractitionerId: 'P001',
      leadPractitionerName: 'Cole, Ann',
      leadPractitionerEmail: 'ann.cole@council.example',
      memberId: 'F1-M1',
      givenName: 'Jo "JJ"',
      familyName: 'Smith',
      addressLine1: '12 Mill Lane',
      addressLine2: 'Upper Floor',
      consentJustification: 'Agreed at\r\nthe TAF meeting',
      postcode: 'BA1 1AA',
      consent: 'public-task',
    },
    {
      familyId: 'F1',
      familyReference: 'SF-1',
      leadPractitionerId: 'P001',
      leadPractitionerName: 'Cole, Ann',
      leadPractitionerEmail: 'ann.cole@council.example',
      memberId: 'F1-M2',
      givenName: 'Sam',
      familyName: "O'Neill",
      dateOfBirth: '2012-12-31',
      nhsNumber: '9990000026',
      pncId: '12/345678A',
      addressLine1: '12 Mill Lane',
      addressLine2: 'Upper Floor',
      consentJustification: 'Agreed at\r\nthe TAF meeting',
      postcode: 'BA1 1AA',
      consent: 'public-task',
    },
  ];

  it('writes the header and quotes only the fields that need it', () => {
    const text = formatCohortCsv(rows);
    expect(text.startsWith(`${header}\r\n`)).toBe(true);
    expect(text).toContain('"Cole, Ann"');
    expect(text).toContain('"Jo ""JJ"""');
    expect(text).toContain(",O'Neill,");
  });

  it('round-trips: parsing what it wrote gives the same rows and no rejections', () => {
    expect(parseCohortCsv(formatCohortCsv(rows))).toEqual({ rows, rejections: [] });
  });
});
