import { policeIncident, type PoliceIncident } from '../contracts';
import { decodeMessage } from './decode-message';
import type { TopicDeserializer } from './registry';

// Plain JSON never reaches the registry, so these need no deserializer.
const noRegistry = {} as TopicDeserializer;
const topic = 'police.incidents.v1';

const incident: PoliceIncident = {
  type: 'police.incident',
  eventId: 'ASP-1',
  source: { organisation: 'Avon and Wessex Police' },
  occurredAt: '2026-03-28T21:00:00+00:00',
  reportedAt: '2026-03-28T22:00:00+00:00',
  category: 'DOMESTIC_ABUSE',
  summary: 'Neighbour reported shouting.',
  people: [{ role: 'victim', givenName: 'Rhiannon', familyName: 'Quillfeather', dateOfBirth: '1991-02-03' }],
  address: { line1: '7 Lark Rise', postcode: 'BA2 4XY' },
};

const decode = (event: unknown) => decodeMessage(Buffer.from(JSON.stringify(event)), topic, policeIncident, noRegistry);

describe('an agency event whose text or dates PostgreSQL could not store, or no person should read', () => {
  it('is decoded when its text and dates are ordinary', async () => {
    expect(await decode(incident)).toMatchObject({ ok: true, encoding: 'plain-json' });
  });

  it.each([
    ['a summary holding U+0000', { summary: 'before\u0000after' }, 'summary: contains a control character (U+0000) at position 7'],
    ['a summary holding an escape sequence', { summary: 'ok\n1. Family SF-FAKE: HIGH \u001b[8m' }, 'summary: contains a control character (U+001B) at position 28'],
    ['a name holding a lone surrogate', { people: [{ ...incident.people[0], givenName: 'Rhi\ud800' }] }, 'people.0.givenName: contains a lone UTF-16 surrogate (U+D800) at position 4'],
    ['an address line holding a line break', { address: { ...incident.address, line1: '7 Lark Rise\nFlat 2' } }, 'address.line1: contains a line break (U+000A) at position 12'],
    ['an incident in year 0000', { occurredAt: '0000-03-28T21:00:00+00:00' }, 'occurredAt: is in year 0000, which is not plausible: expected 1900–2100'],
    ['a report at offset +23:59', { reportedAt: '2026-03-28T22:00:00+23:59' }, 'reportedAt: has offset +23:59, which is not a real UTC offset'],
  ])('is rejected as SCHEMA_INVALID for %s, the reason naming the field and what is wrong', async (_case, change, expected) => {
    const decoded = await decode({ ...incident, ...change });
    expect(decoded).toMatchObject({ ok: false, reasonCode: 'SCHEMA_INVALID' });
    expect(decoded.ok || decoded.erased ? '' : decoded.reason).toContain(expected);
  });
});
