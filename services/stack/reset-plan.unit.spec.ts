import { LiveRiskError } from '../platform/errors';
import { confirmReset, describePlan, planReset, postgresHostOf, refuseUnlessLocal, scratchPrefixes, type ResetFindings } from './reset-plan';
import type { ComponentStatus } from './types';

const local = { databaseUrl: 'postgres://postgres@127.0.0.1:5432/live_risk', registryDatabaseUrl: 'postgres://postgres@localhost/live_risk_registry' };

const addresses = { kafka: '127.0.0.1:9092', registry: 'http://127.0.0.1:8081/apis/ccompat/v7', mail: '127.0.0.1:2525' } as const;
const component = (name: keyof typeof addresses, startedBy: ComponentStatus['startedBy'], pid: number | null = null): ComponentStatus => ({
  name,
  running: startedBy !== null,
  startedBy,
  address: addresses[name],
  pid,
  logPath: null,
});

const found: ResetFindings = {
  stateDir: '/home/dev/.local/state/live-risk',
  // A Mailpit of docker compose's: not ours to stop, and a reset removes no mail anyway.
  components: [component('kafka', 'us', 101), component('registry', null), component('mail', 'external')],
  kafkaData: '/home/dev/.local/state/live-risk/kafka/data',
  databases: ['live_risk', 'live_risk_registry'],
  server: '127.0.0.1:5432',
  sessions: [],
  scratch: [
    { name: 'live_risk_test_0a1b2c3d4e', sessions: 0 },
    { name: 'live_risk_test_5f6a7b8c9d', sessions: 2 },
  ],
};

function refusal(work: () => unknown): LiveRiskError {
  try {
    work();
  } catch (error) {
    if (error instanceof LiveRiskError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a development reset', () => {
  it('accepts databases on loopback or a Unix socket', () => {
    expect(() => refuseUnlessLocal(local)).not.toThrow();
    expect(() => refuseUnlessLocal({ ...local, databaseUrl: 'postgres://postgres@[::1]:5432/live_risk' })).not.toThrow();
    expect(() => refuseUnlessLocal({ ...local, databaseUrl: 'postgres://postgres@x/live_risk?host=/var/run/postgresql' })).not.toThrow();
  });

  it('refuses a database on another machine, with no way to insist, naming the variable', () => {
    const remote = refusal(() => refuseUnlessLocal({ ...local, registryDatabaseUrl: 'postgres://postgres@db.council.example/live_risk_registry' }));
    expect(remote.code).toBe('CONFIG_INVALID');
    expect(remote.message).toMatch(/REGISTRY_DATABASE_URL is on db\.council\.example/);
  });

  it('reads the host as libpq does, where ?host= overrides the one before the path', () => {
    expect(postgresHostOf('postgres://postgres@127.0.0.1/live_risk?host=db.council.example')).toBe('db.council.example');
    expect(() => refuseUnlessLocal({ ...local, databaseUrl: 'postgres://postgres@127.0.0.1/live_risk?host=db.council.example' })).toThrow(/not on this machine/);
  });

  it('stops what we started, deletes Kafka data, drops both databases, and only idle scratch databases when asked', () => {
    const plan = planReset(found, { scratch: true });
    expect(plan.stop).toEqual([{ name: 'kafka', pid: 101 }]);
    expect(plan.dropDatabases).toEqual(['live_risk', 'live_risk_registry']);
    expect(plan.dropScratch).toEqual(['live_risk_test_0a1b2c3d4e']);
    expect(plan.keepScratch).toEqual([{ name: 'live_risk_test_5f6a7b8c9d', reason: '2 session(s) connected' }]);
    expect(describePlan(plan)).toEqual([
      'stop kafka (pid 101)',
      "delete Kafka's data, every topic and event: /home/dev/.local/state/live-risk/kafka/data",
      'drop database live_risk on 127.0.0.1:5432',
      'drop database live_risk_registry on 127.0.0.1:5432',
      'drop test database live_risk_test_0a1b2c3d4e on 127.0.0.1:5432 (nobody is connected)',
    ]);
  });

  it('leaves scratch databases alone unless asked, saying how to drop them', () => {
    const plan = planReset(found, { scratch: false });
    expect(plan.dropScratch).toEqual([]);
    expect(plan.keepScratch.map((kept) => kept.reason)).toEqual(['add --test-databases to drop it', '2 session(s) connected']);
  });

  it('refuses when a Kafka or registry it did not start is running, since their data is out of its reach', () => {
    const external = refusal(() => planReset({ ...found, components: [component('kafka', 'external'), component('registry', 'us', 102)] }, { scratch: false }));
    expect(external.code).toBe('INPUT_INVALID');
    expect(external.message).toMatch(/kafka at 127\.0\.0\.1:9092 is running but was not started by live-risk/);
    expect(external.hint).toMatch(/docker compose down -v/);
  });

  it('refuses while anyone is connected to the databases, naming each session', () => {
    const busy = refusal(() =>
      planReset({ ...found, sessions: [{ database: 'live_risk', pid: 4242, application: 'live-risk', client: '127.0.0.1' }] }, { scratch: false }),
    );
    expect(busy.message).toMatch(/1 session\(s\) still connected:\n {2}live_risk: pid 4242 live-risk from 127\.0\.0\.1/);
    const forged = refusal(() =>
      planReset({ ...found, sessions: [{ database: 'live_risk', pid: 7, application: 'psql\u001b[8m\nhidden', client: 'local socket' }] }, { scratch: false }),
    );
    expect(forged.message).toContain('pid 7 psql?[8m?hidden from local socket');
  });

  it('names scratch databases after the project database', () => {
    expect(scratchPrefixes('live_risk')).toEqual(['live_risk_test_', 'live_risk_bench_']);
  });
});

describe('confirming a reset', () => {
  const lines = ['drop database live_risk on 127.0.0.1:5432'];
  const answering = (answer: string) => {
    const asked: string[] = [];
    return { asked, ask: async (question: string) => (asked.push(question), answer) };
  };

  it('goes ahead with --yes without asking', async () => {
    const terminal = answering('no');
    await expect(confirmReset(lines, { yes: true, interactive: true, ask: terminal.ask })).resolves.toBe(true);
    expect(terminal.asked).toEqual([]);
  });

  it('at a terminal, goes ahead only when the word reset is typed', async () => {
    const typed = answering(' reset\n');
    await expect(confirmReset(lines, { yes: false, interactive: true, ask: typed.ask })).resolves.toBe(true);
    expect(typed.asked[0]).toMatch(/drop database live_risk on 127\.0\.0\.1:5432[\s\S]*Type reset to go ahead/);
    for (const other of ['y', 'yes', 'RESET', '']) {
      await expect(confirmReset(lines, { yes: false, interactive: true, ask: answering(other).ask })).resolves.toBe(false);
    }
  });

  it('refuses without --yes when nobody is at a terminal to type it, saying what it would have done', async () => {
    const script = answering('reset');
    const refused = confirmReset(lines, { yes: false, interactive: false, ask: script.ask });
    await expect(refused).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringMatching(/drop database live_risk/), hint: expect.stringMatching(/--yes/) });
    expect(script.asked).toEqual([]);
  });
});
