import { agencyTopicIds, type TopicId } from '../contracts';

/**
 * Every consumer live-risk runs, once: what it is, the topics it reads, whose output it reads, and
 * the PostgreSQL tables it owns. Catch-up order, what `rebuild` and `replay` cover, what reads wait
 * for and what `status` and the metrics report all derive from this table, so adding a consumer
 * here (and its handler in pipelines/consumers) is the whole of adding it.
 *
 * The matcher decides (links, reviews, dead letters); the projections only mirror a topic into
 * tables that can be dropped and rebuilt from it. Each has one writer at a time (a PostgreSQL
 * advisory lock), and keeps its offsets in `consumer_offsets` under `offsetsKey`.
 */
export const consumerNames = ['cohort', 'matcher', 'reviews', 'matches', 'dead-letters', 'digests', 'acknowledgements', 'criteria-approvals', 'sharing-decisions', 'urgent', 'urgent-alerts', 'encompass', 'encompass-notifications'] as const;
export type ConsumerName = (typeof consumerNames)[number];
/** The consumers that only mirror a topic, by their kind in the registry. */
export type ProjectionConsumerName = { [N in ConsumerName]: (typeof consumerRegistry)[N]['kind'] extends 'projection' ? N : never }[ConsumerName];

export type ConsumerDefinition = Readonly<{
  kind: 'decider' | 'projection';
  reads: readonly TopicId[];
  /** Consumers whose published output this one reads: it is caught up only after them. */
  after: readonly ConsumerName[];
  /** Tables only this consumer writes (beside its offsets): what `rebuild` empties. */
  tables: readonly string[];
  description: string;
}>;

export const consumerRegistry = {
  cohort: {
    kind: 'projection',
    reads: ['cohort'],
    after: [],
    tables: ['families', 'family_addresses', 'members', 'member_schools', 'practitioners', 'consents', 'consent_history', 'cohort_applied_events'],
    description: 'the council’s families, members, practitioners and consent',
  },
  matcher: {
    kind: 'decider',
    // Every agency's topic: a new agency in the code list is read without touching this table.
    reads: agencyTopicIds,
    after: ['cohort'],
    tables: ['matcher_ledger', 'matcher_cohort_position', 'rematch_requests'],
    description: 'links agency events to cohort families; asks for review; dead-letters what it cannot read',
  },
  reviews: {
    kind: 'projection',
    reads: ['reviews'],
    after: ['matcher'],
    tables: ['reviews'],
    description: 'the review queue; a confirmation becomes a match',
  },
  matches: {
    kind: 'projection',
    reads: ['matches'],
    after: ['matcher', 'reviews'],
    tables: ['matches'],
    description: 'agency events linked to families, what digests are built from',
  },
  'dead-letters': {
    kind: 'projection',
    reads: ['deadLetters'],
    // Every consumer may dead-letter what it cannot read, so this one comes after all the others it can.
    after: ['cohort', 'matcher', 'reviews', 'matches'],
    tables: ['dead_letters'],
    description: 'rejected messages with their reasons',
  },
  digests: {
    kind: 'projection',
    reads: ['digests'],
    after: [],
    tables: ['digest_items', 'digests'],
    description: 'the digests issued, and which items each practitioner has been shown',
  },
  acknowledgements: {
    kind: 'projection',
    reads: ['acknowledgements'],
    after: [],
    tables: ['acknowledgements'],
    description: 'what practitioners acknowledged in the portal',
  },
  'criteria-approvals': {
    kind: 'projection',
    reads: ['criteriaApprovals'],
    after: [],
    tables: ['criteria_approvals'],
    description: 'governance approvals of eligibility-criteria reports',
  },
  urgent: {
    kind: 'decider',
    reads: ['matches'],
    // The family's lead practitioner and its members' ages come from the cohort projection; a
    // decision to withhold (sharing-decisions) stops an alert.
    after: ['cohort', 'matcher', 'reviews', 'sharing-decisions'],
    tables: ['urgent_family_events', 'urgent_alert_ledger'],
    description: 'raises urgent alerts for live matches the urgent rules name; routes them by quiet hours',
  },
  'urgent-alerts': {
    kind: 'projection',
    reads: ['urgentAlerts'],
    after: ['urgent'],
    tables: ['urgent_alerts'],
    description: 'urgent alerts raised, acknowledged and escalated',
  },
  encompass: {
    kind: 'decider',
    reads: ['matches'],
    // A child's age and school come from the cohort projection, and a decision to withhold from the
    // sharing-decisions projection: both must be current before a match is decided.
    after: ['cohort', 'matcher', 'reviews', 'sharing-decisions'],
    tables: ['encompass_ledger'],
    description: 'tells a child’s school of police domestic abuse at once (Operation Encompass), or records why not',
  },
  'encompass-notifications': {
    kind: 'projection',
    reads: ['encompass'],
    after: ['encompass'],
    tables: ['encompass_notifications'],
    description: 'Operation Encompass notifications, their deadlines and acknowledgements',
  },
  'sharing-decisions': {
    kind: 'projection',
    reads: ['sharingDecisions'],
    after: [],
    tables: ['sharing_decisions', 'sharing_decision_reviews'],
    description: 'decisions to withhold items as more detrimental to the child, and their reviews',
  },
} as const satisfies Record<ConsumerName, ConsumerDefinition>;

/** The key of a consumer's rows in `consumer_offsets` (and the stem of its Kafka consumer group). */
export const offsetsKeyOf = (name: ConsumerName): string => (consumerRegistry[name].kind === 'decider' ? name : `projection.${name}`);

/**
 * Consumers in an order where each comes after those whose output it reads; ties keep the order of
 * `consumerNames`. Throws on a cycle, which the unit test would catch first.
 */
export function dependencyOrder(names: readonly ConsumerName[] = consumerNames): ConsumerName[] {
  const wanted = new Set(names);
  const placed: ConsumerName[] = [];
  const visiting = new Set<ConsumerName>();
  const visit = (name: ConsumerName) => {
    if (placed.includes(name)) return;
    if (visiting.has(name)) throw new Error(`consumer registry has a cycle through ${name}`);
    visiting.add(name);
    for (const upstream of consumerRegistry[name].after) if (wanted.has(upstream)) visit(upstream);
    visiting.delete(name);
    placed.push(name);
  };
  for (const name of consumerNames) if (wanted.has(name)) visit(name);
  return placed;
}

/** `names` and everything upstream of them, in dependency order: what must be current before they are. */
export function withUpstream(names: readonly ConsumerName[]): ConsumerName[] {
  const all = new Set<ConsumerName>();
  const add = (name: ConsumerName) => {
    if (all.has(name)) return;
    all.add(name);
    for (const upstream of consumerRegistry[name].after) add(upstream);
  };
  names.forEach(add);
  return dependencyOrder([...all]);
}

/** The catch-up order of every consumer. */
export const catchUpOrder: readonly ConsumerName[] = dependencyOrder();
/** The projections, in catch-up order: what a replay rebuilds. */
export const projectionNames = catchUpOrder.filter((name): name is ProjectionConsumerName => consumerRegistry[name].kind === 'projection');
/** What a digest is built from, brought up to its cut-off before the digest job runs. */
export const digestInputs: readonly ConsumerName[] = withUpstream(['matches', 'dead-letters', 'sharing-decisions']);

export const isConsumerName = (value: string): value is ConsumerName => (consumerNames as readonly string[]).includes(value);
