import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const roundTrip = join(__dirname, 'support', 'kafka-round-trip.ts');

describe('our Kafka client on this Node.js', () => {
  // On Node 24, kafkajs 2.2.4 unpatched prints "TimeoutNegativeWarning: -17... is a negative number"
  // and polls every connection each millisecond (services/platform/kafkajs-request-queue.ts).
  it('produces and consumes without a timer set to a negative delay and without a Node warning on stderr', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', roundTrip], { cwd: join(__dirname, '..') });
    expect(JSON.parse(stdout)).toEqual({ received: 3, negativeDelays: 0 });
    expect(stderr).not.toMatch(/Warning/);
  });
});
