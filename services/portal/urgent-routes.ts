import type { FastifyReply } from 'fastify';
import { acknowledgeAlert } from '../urgent/acknowledge-alert';
import { listUrgentAlerts, type UrgentAlertRow } from '../urgent/alerts-store';
import type { PortalContext, Signed } from './context';
import { redirect, sendHtml } from './http';
import { urgentAlertPage, urgentListPage, urgentPath } from './pages/urgent';
import { waitToShow } from './projection-wait';
import { hasRole } from './roles';
import { record, refuse, signedInForm, signedInPage, signedOf, viewerOf, type PortalFeature } from './routing';

/**
 * Urgent alerts (services/urgent):
 *
 *   GET  /urgent                    the alerts about families I lead, and (role duty-team) the duty team's
 *   GET  /urgent/:id                one alert, with the acknowledge form; recorded as a view
 *   POST /urgent/:id/acknowledge    urgent.acknowledged on urgent-alerts.v1, audited, stops the escalation
 *
 * An alert someone may not see is answered as one that does not exist (refuse).
 */
type IdParams = { Params: { id: string } };

const visibleTo = (signed: Signed) => ({ practitionerId: signed.session.practitionerId, dutyTeam: hasRole(signed.session, 'duty-team') });

async function alertFor(context: PortalContext, signed: Signed, alertId: string): Promise<UrgentAlertRow | undefined> {
  const [alert] = await listUrgentAlerts(context.db, { ...visibleTo(signed), alertId });
  return alert;
}

export const urgentFeature: PortalFeature = {
  name: 'urgent',
  register(app, context) {
    app.get('/urgent', signedInPage(context, { practitioners: true }), async (request, reply) => {
      const signed = signedOf(request);
      return sendHtml(reply, 200, urgentListPage(viewerOf(signed), await listUrgentAlerts(context.db, visibleTo(signed))));
    });

    app.get<IdParams>('/urgent/:id', signedInPage(context, { practitioners: true }), async (request, reply) => showAlert(context, signedOf(request), reply, request.params.id));

    app.post<IdParams>('/urgent/:id/acknowledge', signedInForm(context, { practitioners: true }), async (request, reply) => {
      const signed = signedOf(request);
      const alertId = request.params.id;
      if (!(await alertFor(context, signed, alertId))) return refuse(context, signed, reply, { page: 'urgent-acknowledge', itemId: alertId, reason: 'not an urgent alert they may see' });
      const outcome = await acknowledgeAlert(context.runtime, alertId, signed.session.practitionerId, context.now(), 'portal');
      if (outcome === 'acknowledged') {
        try {
          await context.runtime.outbox.flush();
          await waitToShow(context, ['urgent-alerts'], 'urgent acknowledgement');
        } catch (error) {
          context.log.warn('urgent acknowledgement recorded but not yet shown', { error: (error as Error).message });
        }
      }
      return redirect(reply, urgentPath(alertId));
    });
  },
};

async function showAlert(context: PortalContext, signed: Signed, reply: FastifyReply, alertId: string): Promise<FastifyReply> {
  const alert = await alertFor(context, signed, alertId);
  if (!alert) return refuse(context, signed, reply, { page: 'urgent', itemId: alertId, reason: 'not an urgent alert they may see' });
  const me = signed.session.practitionerId;
  await record(context, [{ kind: 'view', actor: me, recipient: me, familyId: alert.familyId, itemId: alert.matchId, detail: { channel: 'portal', page: 'urgent', alertId } }]);
  return sendHtml(reply, 200, urgentAlertPage(viewerOf(signed), alert));
}
