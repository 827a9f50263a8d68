import { describeOffsetProblem, offsetProblems, offsetsInvalid, type StoredOffset } from './offset-binding';

const topic = 'police.incidents.v1';
const stored = (partition: number, next: bigint, extra: Partial<StoredOffset> = {}): StoredOffset => ({ topic, partition, next, clusterId: 'cluster-A', lastTimestamp: 1_000n, ...extra });
const extents = (entries: Array<[number, bigint, bigint]>) => new Map([[topic, new Map(entries.map(([partition, low, high]) => [partition, { low, high }]))]]);

describe('whether stored offsets still describe the topic', () => {
  it('finds nothing wrong with offsets inside the log they were read from', () => {
    const after = new Map([[`${topic}\u00000`, 20n]]);
    expect(offsetProblems([stored(0, 20n)], extents([[0, 0n, 25n]]), 'cluster-A', after)).toEqual([]);
  });

  it('refuses an offset beyond the end of the partition: the topic was recreated and holds fewer messages', () => {
    const [problem] = offsetProblems([stored(0, 20n)], extents([[0, 0n, 5n]]), 'cluster-A', new Map());
    expect(problem).toMatchObject({ kind: 'beyond-end', stored: 20n, low: 0n, high: 5n });
    expect(describeOffsetProblem(problem)).toBe(`${topic} partition 0: stored next offset 20, and it holds offsets 0 to 4: the partition ends at 5: the topic was recreated, or the cluster replaced or restored from an older copy`);
  });

  it('refuses a recreated topic that already holds more messages than were read, by their timestamps', () => {
    // In the new log even offset 0 is newer than the last message this consumer applied.
    const after = new Map([[`${topic}\u00000`, 0n]]);
    const [problem] = offsetProblems([stored(0, 20n)], extents([[0, 0n, 60n]]), 'cluster-A', after);
    expect(problem.kind).toBe('different-log');
  });

  it('refuses offsets read from another Kafka cluster, whatever the offsets', () => {
    expect(offsetProblems([stored(0, 3n)], extents([[0, 0n, 60n]]), 'cluster-B', new Map())[0].kind).toBe('other-cluster');
  });

  it('refuses an offset below the start of the log: messages were deleted before they were read', () => {
    expect(offsetProblems([stored(0, 3n)], extents([[0, 10n, 60n]]), 'cluster-A', new Map())[0]).toMatchObject({ kind: 'below-start', low: 10n });
  });

  it('notices a topic or partition that is gone', () => {
    expect(offsetProblems([stored(0, 3n)], new Map(), 'cluster-A', new Map())[0].kind).toBe('topic-missing');
    expect(offsetProblems([stored(2, 3n)], extents([[0, 0n, 5n]]), 'cluster-A', new Map())[0].kind).toBe('partition-missing');
  });

  it('checks rows written before offsets were bound by their offsets alone', () => {
    expect(offsetProblems([stored(0, 3n, { clusterId: null, lastTimestamp: null })], extents([[0, 0n, 5n]]), 'cluster-B', new Map())).toEqual([]);
  });

  it('names the consumer as rebuild does and says how to recover', () => {
    const error = offsetsInvalid('projection.matches', offsetProblems([stored(0, 20n)], extents([[0, 0n, 5n]]), 'cluster-A', new Map()));
    expect(error.code).toBe('OFFSETS_INVALID');
    expect(error.message).toContain('consumer matches refuses to read');
    expect(error.hint).toContain('live-risk rebuild matches');
  });
});
