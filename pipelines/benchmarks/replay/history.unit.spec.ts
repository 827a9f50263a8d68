import { topicDefinitions, topicNames } from '../../../services/contracts';
import { loadPolicy } from '../../../services/policy';
import { loadRuleSet } from '../../../services/risk';
import { generateCouncil } from '../../synthetic-council';
import { derivedHistory, shiftedEvent } from './history';
import { buildPool } from './pool';

const council = generateCouncil({ families: 60, seed: 3 });
const pool = buildPool(council, { firstDay: '2026-03-02', days: 3, seed: 3 });
const history = (events: number) => [...derivedHistory(pool, { topics: topicNames('t.'), events, rules: loadRuleSet(), policy: loadPolicy() })].flat();

describe('the derived history a replay is measured on', () => {
  it('is exactly as long as asked, the same in every run, and valid on its topics', () => {
    const first = history(500);
    expect(first).toHaveLength(500);
    expect(history(500)).toEqual(first);
    for (const message of first) expect(topicDefinitions[message.topicId].schema.safeParse(message.event).success).toBe(true);
  });

  it('repeats the pool with later dates and new match ids, never the same match twice', () => {
    const matches = history(3000).flatMap((m) => (m.topicId === 'matches' ? [m.event] : []));
    expect(new Set(matches.map((m) => m.matchId)).size).toBe(matches.length);
    const years = new Set(matches.map((m) => m.event.reportedAt.slice(0, 7)));
    expect(years.size).toBeGreaterThan(1);
  });

  it('carries digests (and reviews when the matcher asks for them) as well as matches, and keys each as its topic says', () => {
    const messages = history(3000);
    const types = new Set(messages.map((m) => m.event.type));
    // A council this small rarely needs a review; the 10,000-family run has about one per hundred messages.
    expect(types.has('match.linked') && types.has('digest.issued')).toBe(true);
    for (const m of messages) {
      if (m.topicId === 'matches') expect(m.key).toBe(m.event.familyId);
      if (m.topicId === 'digests') expect(m.key).toBe(m.event.practitionerId);
      if (m.topicId === 'reviews') expect(m.key).toBe(m.event.reviewId);
    }
  });

  it('moves an agency event to another date with that date\'s id and the same sequence number', () => {
    const event = pool.days[0].events[0].event;
    const moved = shiftedEvent(event, 3, '2026-03-05');
    expect(moved.eventId.slice(0, 12)).toBe(`${event.eventId.slice(0, 9)}064`);
    expect(moved.eventId.slice(12)).toBe(event.eventId.slice(12));
    expect(Date.parse(moved.reportedAt) - Date.parse(event.reportedAt)).toBe(3 * 86_400_000);
  });
});
