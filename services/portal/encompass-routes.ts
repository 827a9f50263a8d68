import type { FastifyReply } from 'fastify';
import { appendAuditEntries } from '../audit';
import type { EncompassEvent } from '../contracts';
import { addToOutbox } from '../platform/outbox';
import type { PortalContext, Signed } from './context';
import { encompassList, encompassNotice, encompassScope, type EncompassNotice, type EncompassScope } from './encompass';
import { redirect, sendHtml } from './http';
import { encompassListPage, encompassNoticePage, noticePath } from './pages/encompass';
import { waitToShow } from './projection-wait';
import { asId, record, refuse, signedInForm, signedInPage, signedOf, viewerOf, type PortalFeature } from './routing';
import { findSchoolStaff } from './school-staff';

/**
 * GET /encompass, GET /encompass/:id, POST /encompass/:id/acknowledge: Operation Encompass for a
 * school's DSL and the council's team (encompass.ts says who sees what). Anyone else, and anyone
 * asking for a notification outside their scope, gets the not-found page and a 'refused' entry.
 * Reading a notification is recorded before the page is sent; acknowledging is an event
 * (encompass.acknowledged), written to the outbox in the transaction of its audit entry.
 */
type IdParams = { Params: { id: string } };
const noScope = 'needs the school-dsl role (with a registered school) or the encompass-council role';

async function scopeOf(context: PortalContext, signed: Signed): Promise<EncompassScope | undefined> {
  const { roles, practitionerId } = signed.session;
  const school = roles.includes('school-dsl') ? (await findSchoolStaff(context.db, practitionerId))?.schoolUrn : undefined;
  const scope = encompassScope(roles, school);
  return scope?.kind === 'school' ? { ...scope, name: context.schoolName?.(scope.urn) } : scope;
}

/** Who and what an entry about this notification names: the child, so a subject access request finds it. */
const about = (me: string, notice: EncompassNotice) => ({
  actor: me,
  recipient: me,
  familyId: notice.familyId,
  itemId: notice.notificationId,
  subjectMemberIds: [notice.memberId],
});

export const encompassFeature: PortalFeature = {
  name: 'encompass',
  register(app, context) {
    app.get('/encompass', signedInPage(context), async (request, reply) => {
      const signed = signedOf(request);
      const scope = await scopeOf(context, signed);
      if (!scope) return refuse(context, signed, reply, { page: 'encompass', reason: noScope });
      return sendHtml(reply, 200, encompassListPage(viewerOf(signed), scope, await encompassList(context.db, scope)));
    });

    app.get<IdParams>('/encompass/:id', signedInPage(context), async (request, reply) => {
      const signed = signedOf(request);
      const scope = await scopeOf(context, signed);
      const notice = scope && (await encompassNotice(context.db, scope, request.params.id));
      if (!scope || !notice) return refuse(context, signed, reply, { page: 'encompass-notification', itemId: asId(request.params.id), reason: scope ? 'not a notification sent to them (or no such id)' : noScope });
      await record(context, [
        { kind: 'view', ...about(signed.session.practitionerId, notice), detail: { channel: 'portal', page: 'encompass-notification', recipient: scope.kind, fields: notice.fieldSet.length } },
      ]);
      return sendHtml(reply, 200, encompassNoticePage(viewerOf(signed), notice));
    });

    app.post<IdParams>('/encompass/:id/acknowledge', signedInForm(context), async (request, reply) => {
      const signed = signedOf(request);
      const scope = await scopeOf(context, signed);
      const notice = scope && (await encompassNotice(context.db, scope, request.params.id));
      if (!scope || !notice) return refuse(context, signed, reply, { page: 'encompass-acknowledge', itemId: asId(request.params.id), reason: scope ? 'not a notification sent to them (or no such id)' : noScope });
      return acknowledge(context, signed, reply, notice);
    });
  },
};

/** Once per notification, whoever clicks first: a second click, or a colleague's, records nothing new. */
async function acknowledge(context: PortalContext, signed: Signed, reply: FastifyReply, notice: EncompassNotice): Promise<FastifyReply> {
  const me = signed.session.practitionerId;
  const event: EncompassEvent = { type: 'encompass.acknowledged', notificationId: notice.notificationId, acknowledgedBy: me, acknowledgedAt: context.now().toISOString() };
  const fresh = await context.db.transaction(async (trx) => {
    const queued = await trx('outbox')
      .whereNull('published_at')
      .whereRaw(`payload->>'type' = 'encompass.acknowledged' and payload->>'notificationId' = ?`, [notice.notificationId])
      .first('id');
    if (notice.acknowledgedAt || queued) return false;
    await appendAuditEntries(trx, [{ kind: 'view', ...about(me, notice), detail: { channel: 'portal', page: 'encompass-notification', action: 'acknowledged' } }], context.now);
    // Keyed by notification id, as the decider publishes it: the acknowledgement follows its notification.
    await addToOutbox(trx, [{ topic: context.runtime.topics.encompass, key: notice.notificationId, payload: event }]);
    return true;
  });
  if (fresh) {
    context.log.info('portal Encompass acknowledgement recorded', { notificationId: notice.notificationId });
    try {
      await context.runtime.outbox.flush();
      await waitToShow(context, ['encompass-notifications'], 'Encompass acknowledgement');
    } catch (error) {
      // Safe in the outbox: the relay publishes it when Kafka is back, and the page shows it then.
      context.log.warn('Encompass acknowledgement recorded but not yet published', { error: (error as Error).message });
    }
  }
  return redirect(reply, noticePath(notice.notificationId));
}
