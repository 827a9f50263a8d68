import type { FastifyRequest } from 'fastify';
import { acknowledgedBy, digestFor, digestsOf, familyFor, familyItems } from './access';
import { redirect, sendHtml } from './http';
import { isSchoolStaffOnly } from './roles';
import { digestPage, homePage } from './pages/digests';
import { familyPage } from './pages/family';
import { familySummaryPage } from './pages/family-summary';
import { record, refuse, signedInPage, signedOf, viewerOf, type PortalFeature } from './routing';
import { familySummary } from './summary-store';

/**
 * The pages that show personal data. Each view is recorded in the audit log before the page is
 * sent (the entry commits first, so nothing is shown unrecorded). A request for a digest or family
 * the practitioner may not see gets exactly the page a nonexistent id gets, and a 'refused' entry.
 */
type IdParams = { Params: { id: string } };
const idOf = (request: FastifyRequest<IdParams>): string => request.params.id;

export const pagesFeature: PortalFeature = {
  name: 'pages',
  register(app, context) {
    // A school's DSL is refused all of these (routing.ts requirePractitioner); their home is /encompass.
    const page = signedInPage(context, { practitioners: true });

    app.get('/', signedInPage(context), async (request, reply) => {
      const signed = signedOf(request);
      if (isSchoolStaffOnly(signed.session.roles)) return redirect(reply, '/encompass');
      return sendHtml(reply, 200, homePage(viewerOf(signed), await digestsOf(context.db, signed.session.practitionerId)));
    });

    app.get<IdParams>('/digests/:id', page, async (request, reply) => {
      const signed = signedOf(request);
      const me = signed.session.practitionerId;
      const digest = await digestFor(context.db, me, idOf(request));
      if (!digest) return refuse(context, signed, reply, { page: 'digest', digestId: idOf(request) });
      const matchIds = digest.families.flatMap((family) => family.items.map((item) => item.matchId));
      const acknowledged = await acknowledgedBy(context.db, me, matchIds);
      // One entry per family shown (so a family's subject access request finds it), or one for an empty digest.
      const view = { kind: 'view' as const, actor: me, recipient: me, digestId: digest.digestId };
      await record(
        context,
        digest.families.length
          ? digest.families.map((family) => ({ ...view, familyId: family.familyId, detail: { channel: 'portal', page: 'digest', items: family.items.length } }))
          : [{ ...view, detail: { channel: 'portal', page: 'digest', items: 0 } }],
      );
      return sendHtml(reply, 200, digestPage(viewerOf(signed), digest, acknowledged));
    });

    app.get<IdParams>('/families/:id', page, async (request, reply) => {
      const signed = signedOf(request);
      const me = signed.session.practitionerId;
      const now = context.now();
      const access = await familyFor(context.db, me, idOf(request), now);
      if (!access) return refuse(context, signed, reply, { page: 'family', familyId: idOf(request) });
      const items = await familyItems(context.db, access, context.policy, now);
      const acknowledged = await acknowledgedBy(context.db, me, items.map(({ item }) => item.matchId));
      await record(context, [
        { kind: 'view', actor: me, recipient: me, familyId: access.family.family_id, detail: { channel: 'portal', page: 'family', role: access.role, items: items.length } },
      ]);
      return sendHtml(reply, 200, familyPage(viewerOf(signed), access, items, acknowledged));
    });

    app.get<IdParams>('/families/:id/summary', page, async (request, reply) => {
      const signed = signedOf(request);
      const me = signed.session.practitionerId;
      const now = context.now();
      const access = await familyFor(context.db, me, idOf(request), now);
      if (!access) return refuse(context, signed, reply, { page: 'family-summary', familyId: idOf(request) });
      const summary = await familySummary(context.db, access, context.policy, now);
      await record(context, [
        { kind: 'view', actor: me, recipient: me, familyId: access.family.family_id, policyVersion: context.policy.version, detail: { channel: 'portal', page: 'family-summary', role: access.role } },
      ]);
      return sendHtml(reply, 200, familySummaryPage(viewerOf(signed), summary));
    });
  },
};
