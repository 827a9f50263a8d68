import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, followConsumers } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { oneFamilyRows } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

/** `live-risk sharing` as a decision-maker and an information-governance officer use it, with the consumers running. */
describe('recording, listing and reviewing a decision to withhold, through the command', () => {
  let runtime: Runtime;
  const consumers = new AbortController();
  let following: Promise<void> | undefined;
  const [member] = oneFamilyRows;
  const reason = 'Synthetic: sharing now would alert the person harming the child';
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: environmentFor(runtime.config) }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const listed = async (...flags: string[]) => JSON.parse((await run('sharing', 'decisions', '--format', 'json', ...flags)).stdout) as Array<{ decisionId: string; status: string }>;

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    following = followConsumers(runtime, ['sharing-decisions'], { signal: consumers.signal });
  });
  afterAll(async () => {
    consumers.abort();
    await following;
    await disposeRuntime(runtime);
  });

  it('records a decision and lists it without the child, the family, the names or the reason', async () => {
    const recorded = await run('sharing', 'withhold', '--agency', 'police', '--event', 'ASP-W-1', '--member', member.memberId, '--paths', 'encompass,digest',
      '--reason', reason, '--by', 'DI Synthetic', '--organisation', 'Avon and Wessex Police');
    expect(recorded).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringMatching(/decision sd-\w+ recorded: police event withheld from digest, encompass/) }));
    const text = await run('sharing', 'decisions');
    expect(text.stdout).toMatch(/ASP-W-1.*digest,encompass.*yes.*Avon and Wessex Police.*in-force/);
    expect(text.stdout).not.toMatch(new RegExp(`${member.memberId}|${member.familyId}|DI Synthetic|alert the person`));
  });

  it('refuses a review that decides nothing, lifts the decision, and refuses to revive it', async () => {
    const [decision] = await listed();
    expect((await run('sharing', 'review', decision.decisionId, '--reason', 'x', '--by', 'IG Officer')).code).toBe(2);
    const lifted = await run('sharing', 'review', decision.decisionId, '--lift', '--reason', 'Synthetic: risk has passed', '--by', 'IG Officer');
    expect(lifted.stdout).toMatch(new RegExp(`decision ${decision.decisionId} lifted`));
    expect(await listed('--open')).toEqual([]);
    const again = await run('sharing', 'review', decision.decisionId, '--uphold', '--reason', 'x', '--by', 'IG Officer');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already lifted/);
  });

  it('subject access shows the decision with its reason in the decider’s words and its review', async () => {
    const shown = await run('audit', 'subject', member.memberId);
    expect(shown.stdout).toMatch(/1 decision to withhold information about them/);
    expect(shown.stdout).toContain(`reason, in the decision-maker's words: ${reason}`);
    expect(shown.stdout).toMatch(/review: lifted by IG Officer/);
    expect(shown.stdout).toMatch(/sharing-decision/);
  });
});
