import { agencies } from '../contracts';
import { batchAnswer, singleEventAnswer } from './responses';
import { agencyOfType, checkEvent, eventTypeOf, jsonPointer, topicOfAgency } from './validate';

const incident = {
  type: 'police.incident',
  eventId: 'INC-1',
  source: { organisation: 'Avon and Wessex Police' },
  occurredAt: '2026-03-28T21:00:00+00:00',
  reportedAt: '2026-03-28T22:00:00+00:00',
  category: 'DOMESTIC_ABUSE',
  people: [{ role: 'victim', givenName: 'Rhiannon', familyName: 'Quillfeather' }],
  address: { line1: '99 Far Away Road', postcode: 'BA1 9ZZ' },
};

describe('ingest validation', () => {
  it('derives every agency’s topic and event type from the contracts', () => {
    for (const agency of agencies) {
      expect(topicOfAgency(agency)).toBe(agency);
      expect(agencyOfType(eventTypeOf(agency))).toBe(agency);
    }
    expect(agencyOfType('match.linked')).toBeUndefined();
  });

  it('escapes JSON pointer segments as RFC 6901 says', () => {
    expect(jsonPointer([3, 'people', 0, 'a/b~c'])).toBe('/3/people/0/a~1b~0c');
  });

  it('hashes the same event alike whatever the order of its keys, and other content otherwise', () => {
    const hash = (event: unknown) => {
      const checked = checkEvent('police', event);
      if (!checked.valid) throw new Error('the example event is not valid');
      return checked.contentSha256;
    };
    expect(hash(incident)).toBe(hash(Object.fromEntries(Object.entries(incident).reverse())));
    expect(hash(incident)).not.toBe(hash({ ...incident, category: 'ARREST' }));
  });

  it('carries the NHS number’s verification status sent in JSON into the event, and points at a status that is not an NHS England code', () => {
    const identified = (nhsNumberVerificationStatus: string) => ({ ...incident, people: [{ ...incident.people[0], identifiers: { nhsNumber: '9434765919', nhsNumberVerificationStatus } }] });
    const accepted = checkEvent('police', identified('01'));
    expect(accepted.valid && accepted.event.people[0].identifiers).toEqual({ nhsNumber: '9434765919', nhsNumberVerificationStatus: '01' });
    const refused = checkEvent('police', identified('verified'));
    expect(refused.valid ? [] : refused.errors.map((e) => e.pointer)).toEqual(['/people/0/identifiers/nhsNumberVerificationStatus']);
  });

  it('points each refused field of an event inside a batch at its index, an unknown key at the key itself', () => {
    const checked = checkEvent('police', { ...incident, people: [{ ...incident.people[0], givenName: '' }], colour: 'blue' }, [4]);
    expect(checked.valid).toBe(false);
    if (checked.valid) return;
    expect(checked.eventId).toBe('INC-1');
    expect(checked.errors.map((e) => e.pointer).sort()).toEqual(['/4/colour', '/4/people/0/givenName']);
  });
});

describe('ingest answers', () => {
  it('answers a duplicate exactly as the accepted event, with Idempotent-Replayed', () => {
    const accepted = singleEventAnswer({ outcome: 'accepted', index: 0, eventId: 'A', acceptedAt: '2026-12-04T07:00:00.000Z', republished: false });
    const duplicate = singleEventAnswer({ outcome: 'duplicate', index: 0, eventId: 'A', acceptedAt: '2026-12-04T07:00:00.000Z' });
    expect(duplicate.status).toBe(accepted.status);
    expect(duplicate.body).toEqual(accepted.body);
    expect(duplicate.headers).toEqual({ 'idempotent-replayed': 'true' });
  });

  it('refuses a batch with an invalid event as 422 before a conflict as 409, unless partial publication was asked for', () => {
    const outcomes = [
      { outcome: 'conflict' as const, index: 0, eventId: 'A', detail: 'other content' },
      { outcome: 'invalid' as const, index: 1, eventId: 'B', errors: [{ pointer: '/1/category', detail: 'bad' }] },
      { outcome: 'withheld' as const, index: 2, eventId: 'C' },
    ];
    expect(batchAnswer(outcomes, false)).toMatchObject({ status: 422, body: { errors: [{ pointer: '/1/category' }] } });
    expect(batchAnswer([outcomes[0], outcomes[2]], false)).toMatchObject({ status: 409 });
    expect(batchAnswer(outcomes, true)).toMatchObject({ status: 202, body: { conflicts: 1, invalid: 1, withheld: 1 } });
  });
});
