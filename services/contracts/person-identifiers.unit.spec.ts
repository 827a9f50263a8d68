import { healthContact, personIdentifiers } from './index';

describe("a person's identifiers", () => {
  it('accepts an NHS number with or without its verification status, so events from before the status existed stay valid', () => {
    expect(personIdentifiers.parse({ nhsNumber: '9434765919' })).toEqual({ nhsNumber: '9434765919' });
    expect(personIdentifiers.parse({ nhsNumber: '9434765919', nhsNumberVerificationStatus: '01' })).toEqual({ nhsNumber: '9434765919', nhsNumberVerificationStatus: '01' });
  });

  it('accepts only the NHS England status codes 01 to 08', () => {
    for (const code of ['01', '02', '03', '04', '05', '06', '07', '08']) expect(personIdentifiers.safeParse({ nhsNumberVerificationStatus: code }).success).toBe(true);
    for (const code of ['00', '09', '1', 'verified']) expect(personIdentifiers.safeParse({ nhsNumberVerificationStatus: code }).success).toBe(false);
  });

  it('carries the status through a health contact', () => {
    const contact = healthContact.parse({
      type: 'health.contact', eventId: 'H1', source: { organisation: 'Trust' }, occurredAt: '2026-10-25T01:20:00+01:00', reportedAt: '2026-10-25T06:00:00Z',
      category: 'SELF_HARM', people: [{ role: 'patient', givenName: 'Mia', familyName: 'Testwell', identifiers: { nhsNumber: '9434765919', nhsNumberVerificationStatus: '02' } }],
      address: { line1: '14 Example Terrace', postcode: 'LS6 1AA' },
    });
    expect(contact.people[0].identifiers?.nhsNumberVerificationStatus).toBe('02');
  });
});
