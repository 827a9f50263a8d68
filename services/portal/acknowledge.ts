import type { FastifyReply } from 'fastify';
import { appendAuditEntries } from '../audit';
import type { ItemAcknowledged } from '../contracts';
import { stableId } from '../platform/ids';
import { addToOutbox } from '../platform/outbox';
import { digestFor } from './access';
import type { PortalContext, Signed } from './context';
import { redirect } from './http';
import { waitToShow } from './projection-wait';
import { refuse, signedInForm, signedOf, type PortalFeature } from './routing';

/**
 * Acknowledging an item is an event (item.acknowledged on acknowledgements.v1). It is written to the
 * outbox in the same transaction as its audit entry, so neither exists without the other; the relay
 * publishes it after the commit and the acknowledgements projection shows it. The id is
 * deterministic per practitioner and item, so a double click is one acknowledgement.
 */
export const acknowledgementIdFor = (practitionerId: string, matchId: string): string => stableId('ack', practitionerId, matchId);

export const acknowledgeFeature: PortalFeature = {
  name: 'acknowledge',
  register(app, context) {
    app.post<{ Params: { digestId: string; matchId: string } }>('/digests/:digestId/items/:matchId/acknowledge', signedInForm(context, { practitioners: true }), async (request, reply) =>
      acknowledge(context, signedOf(request), reply, request.params.digestId, request.params.matchId),
    );
  },
};

async function acknowledge(context: PortalContext, signed: Signed, reply: FastifyReply, digestId: string, matchId: string): Promise<FastifyReply> {
  const me = signed.session.practitionerId;
  const digest = await digestFor(context.db, me, digestId);
  const family = digest?.families.find((f) => f.items.some((item) => item.matchId === matchId));
  if (!digest || !family) return refuse(context, signed, reply, { page: 'acknowledge', digestId, itemId: matchId });
  const acknowledgementId = acknowledgementIdFor(me, matchId);
  const event: ItemAcknowledged = {
    type: 'item.acknowledged',
    acknowledgementId,
    practitionerId: me,
    matchId,
    familyId: family.familyId,
    digestId,
    acknowledgedAt: context.now().toISOString(),
  };
  const fresh = await context.db.transaction(async (trx) => {
    // Already acknowledged (projected, or still on its way): nothing new to record.
    const known = await trx('acknowledgements').where({ acknowledgement_id: acknowledgementId }).first('acknowledgement_id');
    const queued = await trx('outbox').whereNull('published_at').whereRaw(`payload->>'acknowledgementId' = ?`, [acknowledgementId]).first('id');
    if (known || queued) return false;
    await appendAuditEntries(trx, [
      {
        kind: 'view',
        actor: me,
        recipient: me,
        familyId: family.familyId,
        digestId,
        itemId: matchId,
        detail: { channel: 'portal', page: 'digest', action: 'acknowledged', acknowledgementId },
      },
    ], context.now);
    await addToOutbox(trx, [{ topic: context.runtime.topics.acknowledgements, key: family.familyId, payload: event }]);
    return true;
  });
  if (fresh) {
    context.log.info('portal acknowledgement recorded', { acknowledgementId });
    await publishAndProject(context);
  }
  return redirect(reply, `/digests/${encodeURIComponent(digestId)}`);
}

/**
 * Publishes the outbox, then waits a moment for the acknowledgements consumer (see waitToShow). If
 * Kafka is down, the acknowledgement is still safe in the outbox, and appears once it is published
 * and applied.
 */
async function publishAndProject(context: PortalContext): Promise<void> {
  try {
    await context.runtime.outbox.flush();
  } catch (error) {
    context.log.warn('acknowledgement recorded but not yet shown', { error: (error as Error).message });
    return;
  }
  await waitToShow(context, ['acknowledgements'], 'acknowledgement');
}
