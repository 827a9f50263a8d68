import { consumerRegistry } from '../consumers/registry';

describe('the families’ keys and the erasure holds', () => {
  it('belong to no consumer, so `rebuild` never empties them: nothing in Kafka could rebuild them', () => {
    const owned = Object.values(consumerRegistry).flatMap((consumer) => consumer.tables);
    expect(owned).not.toContain('family_keys');
    expect(owned).not.toContain('erasure_holds');
  });
});
