import { Health } from './health';

describe('what a process says on /readyz', () => {
  const at = () => new Date('2026-12-04T12:00:00Z');

  it('is not ready before any part reports, nor while a part is starting or in an outage', async () => {
    const health = new Health(at);
    expect((await health.report()).ready).toBe(false);
    health.set('matcher', 'starting');
    expect((await health.report()).ready).toBe(false);
    health.set('matcher', 'outage', 'Kafka unavailable');
    expect(await health.report()).toEqual({ ready: false, stopping: false, parts: { matcher: { state: 'outage', detail: 'Kafka unavailable', since: '2026-12-04T12:00:00.000Z' } } });
  });

  it('is ready when every part works or stands by for another copy', async () => {
    const health = new Health(at);
    health.set('matcher', 'ok');
    health.set('cohort', 'standby', 'another copy holds the writer lock');
    expect((await health.report()).ready).toBe(true);
  });

  it('asks its probes each time, so a database that went away makes it unready, and back', async () => {
    const health = new Health(at);
    health.set('portal', 'ok');
    let reachable = false;
    health.addProbe('database', async () => {
      if (!reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    expect(await health.report()).toMatchObject({ ready: false, parts: { database: { state: 'outage', detail: 'connect ECONNREFUSED 127.0.0.1:5432' } } });
    reachable = true;
    expect((await health.report()).ready).toBe(true);
  });

  it('is alive but not ready while draining after SIGTERM', async () => {
    const health = new Health(at);
    health.set('scheduler', 'ok');
    health.markStopping();
    expect(await health.report()).toMatchObject({ ready: false, stopping: true });
  });
});
