import { listAuditEntries } from '../services/audit';
import { highWatermarks } from '../services/platform/kafka';
import type { Runtime } from '../services/platform/runtime';
import { catchUp } from '../pipelines/consumers';
import { importCohortRows } from '../services/cohort/import-cohort';
import { buildEncompassWorld, encompassRows, notifications, people, schoolB, schoolA, type EncompassWorld } from './support/encompass-world';
import { hiddenCsrf, portalClient } from './support/portal-client';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Operation Encompass in the portal over plain HTTP: a school's DSL reads their own school's
 * notifications and nothing else (not the other school's, not a family page, not a digest, not a
 * practitioner screen), each refusal the not-found page with a 'refused' entry; the council's team
 * reads the home-educated child's; an acknowledgement is one encompass.acknowledged event however
 * often it is posted, and is audited with the reading. Fixtures: real cohort and roll events, and
 * encompass.notified events published as the decider would (support/encompass-world.ts).
 */
describe('Operation Encompass in the portal over HTTP', () => {
  let runtime: Runtime;
  let world: EncompassWorld;
  const { request, post, signIn: signInAs } = portalClient(() => world.portal.url);
  const signIn = async (who: keyof typeof people) => (await signInAs(who, people[who].password)).cookie;
  const path = (notice: { notificationId: string }) => `/encompass/${notice.notificationId}`;

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    world = await buildEncompassWorld(runtime);
  });
  afterAll(async () => {
    await world?.close();
    await disposeRuntime(runtime);
  });

  it("puts the children's schools on the roll from the cohort CSV's school_urn column", async () => {
    const roll = await runtime.db('member_schools').orderBy('member_id').select('member_id', 'school_urn', 'home_educated');
    expect(roll).toEqual([
      { member_id: 'F-EA-M1', school_urn: '990101', home_educated: false },
      { member_id: 'F-EB-M1', school_urn: '990102', home_educated: false },
      { member_id: 'F-EH-M1', school_urn: null, home_educated: true },
    ]);
  });

  it("sends a DSL home to their school's notifications, listing only those, with no personal data on the list", async () => {
    const cookie = await signIn('DSL-A');
    const home = await request('/', { cookie });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/encompass');
    const list = await request('/encompass', { cookie });
    expect(list.status).toBe(200);
    expect(list.body).toContain(`href="${path(notifications.a)}"`);
    expect(list.body).not.toContain(notifications.b.notificationId);
    expect(list.body).not.toContain(notifications.home.notificationId);
    expect(list.body).not.toMatch(/Araminta|Oakhollow|Synthetic account/);
    expect(list.body).toContain('Signed in as Dana Ashby');
    expect(list.body).toContain('Notifications for your school, Avonford Primary School (URN 990101)');
    expect(list.body).not.toContain('Your digests');
  });

  it("shows a DSL exactly what the force sent about their pupil, escaped, and records the reading against the child", async () => {
    const cookie = await signIn('DSL-A');
    const since = new Date();
    const page = await request(path(notifications.a), { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Araminta Oakhollow, born Wednesday 6 May 2015');
    expect(page.body).toContain('Synthetic account &lt;b&gt;A&lt;/b&gt;');
    expect(page.body).toContain('(every field)');
    const entries = await listAuditEntries(runtime.db, { since, limit: 10 });
    expect(entries).toEqual([
      expect.objectContaining({ kind: 'view', actor: 'DSL-A', familyId: 'F-EA', itemId: notifications.a.notificationId, subjectMemberIds: ['F-EA-M1'], detail: expect.objectContaining({ page: 'encompass-notification', recipient: 'school' }) }),
    ]);
  });

  it("refuses a DSL another school's notification, the home-educated one, families, digests and practitioner screens, as if they did not exist", async () => {
    const cookie = await signIn('DSL-A');
    const since = new Date();
    const nothing = await request('/encompass/no-such-notification', { cookie });
    expect(nothing.status).toBe(404);
    const refused = ['/encompass/' + notifications.b.notificationId, path(notifications.home), '/families/F-EA', '/families/F-EA/summary', '/digests/any', '/team', '/reviews', '/urgent'];
    for (const address of refused) {
      const reply = await request(address, { cookie });
      expect([address, reply.status, reply.body]).toEqual([address, 404, nothing.body]);
    }
    const entries = await listAuditEntries(runtime.db, { since, limit: 20 });
    expect(entries.filter((entry) => entry.kind === 'refused' && entry.actor === 'DSL-A')).toHaveLength(refused.length + 1);
    expect(entries.some((entry) => entry.kind === 'view')).toBe(false);
  });

  it("shows the council's team the home-educated child's notification and no school's; a practitioner without the role sees none", async () => {
    const team = await signIn('P-T1');
    const list = await request('/encompass', { cookie: team });
    expect(list.body).toContain(`href="${path(notifications.home)}"`);
    expect(list.body).not.toMatch(new RegExp(`${notifications.a.notificationId}|${notifications.b.notificationId}`));
    expect((await request(path(notifications.home), { cookie: team })).body).toContain('Hester Winterbourne');
    expect((await request(path(notifications.a), { cookie: team })).status).toBe(404);
    // The team's lead practitioner keeps their own pages.
    expect((await request('/', { cookie: team })).status).toBe(200);
    const other = await signIn('P-T2');
    expect((await request('/encompass', { cookie: other })).status).toBe(404);
    expect((await request(path(notifications.home), { cookie: other })).status).toBe(404);
  });

  it('publishes one encompass.acknowledged however often it is posted, audited once, refused without the form token or to another school', async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    const published = async () => [...(await highWatermarks(admin, runtime.topics.encompass)).values()].reduce((sum, high) => sum + high, 0n);
    try {
      const before = await published();
      const other = await signIn('DSL-B');
      // Every page carries the session's token in its sign-out form: B's is valid, the notification is not B's.
      const otherPage = await request('/encompass', { cookie: other });
      expect((await post(`${path(notifications.a)}/acknowledge`, { csrf: hiddenCsrf(otherPage.body) }, other)).status).toBe(404);
      const cookie = await signIn('DSL-A');
      const page = await request(path(notifications.a), { cookie });
      expect((await post(`${path(notifications.a)}/acknowledge`, { csrf: 'not-the-token' }, cookie)).status).toBe(403);
      const since = new Date();
      for (let click = 0; click < 2; click++) {
        const reply = await post(`${path(notifications.a)}/acknowledge`, { csrf: hiddenCsrf(page.body) }, cookie);
        expect(reply.status).toBe(303);
        expect(reply.headers.get('location')).toBe(path(notifications.a));
      }
      expect(await published()).toBe(before + 1n);
      const row = await runtime.db('encompass_notifications').where({ notification_id: notifications.a.notificationId }).first('acknowledged_by', 'acknowledged_at');
      expect(row?.acknowledged_by).toBe('DSL-A');
      expect((await request(path(notifications.a), { cookie })).body).toMatch(/Acknowledged by DSL-A on /);
      const entries = await listAuditEntries(runtime.db, { since, limit: 20 });
      expect(entries.filter((entry) => entry.detail.action === 'acknowledged')).toEqual([
        expect.objectContaining({ kind: 'view', actor: 'DSL-A', itemId: notifications.a.notificationId, subjectMemberIds: ['F-EA-M1'] }),
      ]);
      expect((await request('/encompass', { cookie })).body).toMatch(/Acknowledged \w{3} \d/);
    } finally {
      await admin.disconnect();
    }
  });

  it('moves a child to another school on the roll when a re-imported cohort CSV says so, and importing the same file again changes nothing', async () => {
    const moved = encompassRows.map((row) => (row.memberId === 'F-EA-M1' ? { ...row, schoolUrn: schoolB } : row));
    const importedAt = '2026-04-20T09:00:00Z';
    await importCohortRows(runtime, { rows: moved, rejections: [] }, { recordedAt: importedAt });
    await catchUp(runtime, ['cohort']);
    const roll = await runtime.db('member_schools').where({ member_id: 'F-EA-M1' }).orderBy('valid_from').select('school_urn');
    expect(roll.map((row) => row.school_urn)).toEqual([schoolA, schoolB]);
    const again = await importCohortRows(runtime, { rows: moved, rejections: [] }, { recordedAt: '2026-04-21T09:00:00Z' });
    const before = await runtime.db('cohort_applied_events').count({ n: '*' });
    await catchUp(runtime, ['cohort']);
    // The second import's events are the first's ids (members, family) or none at all (the roll): nothing new applies.
    expect(await runtime.db('cohort_applied_events').count({ n: '*' })).toEqual(before);
    expect(again.published).toBe(true);
  });
});

