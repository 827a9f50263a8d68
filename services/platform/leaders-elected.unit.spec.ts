import { untilLeadersElected } from './kafka';

const answer = (leaders: number[]) => ({ topics: [{ name: 't', partitions: leaders.map((leader) => ({ leader })) }] });
const brokerError = (type: string) => Object.assign(new Error(type), { type });

describe('waiting for new topics to have leaders', () => {
  it('treats a broker that does not know the topic yet, or has no leader yet, as "not yet"', async () => {
    const answers: Array<() => ReturnType<typeof answer>> = [
      () => { throw brokerError('UNKNOWN_TOPIC_OR_PARTITION'); },
      () => { throw Object.assign(new Error('retries exceeded'), { originalError: brokerError('LEADER_NOT_AVAILABLE') }); },
      () => answer([1, -1]),
      () => answer([1, 1]),
    ];
    let asked = 0;
    await untilLeadersElected(async () => answers[asked++](), 5_000, 1);
    expect(asked).toBe(4);
  });

  it('fails at once on any other error, and as a retriable outage when the leaders never come', async () => {
    await expect(untilLeadersElected(async () => { throw brokerError('TOPIC_AUTHORIZATION_FAILED'); }, 5_000, 1)).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    await expect(untilLeadersElected(async () => answer([-1]), 50, 5)).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true, message: expect.stringContaining('no leader yet for t') });
  });
});
