import type { FastifyReply } from 'fastify';
import type { PortalContext, Signed } from './context';
import { field, redirect, sendHtml } from './http';
import { coverAssignPath, coverEndPath, noTeamPage, teamNotices, teamPage, type TeamNotice, type TeamPageState } from './pages/team';
import { record, refuse, signedInForm, signedInPage, signedOf, viewerOf, type PortalFeature } from './routing';
import { teamFamilies, teamOf, unacknowledgedHighRisk, type Team } from './team';
import { assignCoverAsManager, endCoverAsManager, type CoverOutcome } from './team-cover';

/**
 * The team manager's screen (role team-manager):
 *
 *   GET  /team                the team's families, unacknowledged high-risk items, cover forms
 *   POST /team/cover/assign   assign cover of a team family to a team practitioner
 *   POST /team/cover/end      end a practitioner's cover of a team family
 *
 * A family outside the manager's team is refused as if it did not exist, and audited.
 */
export const teamFeature: PortalFeature = {
  name: 'team',
  register(app, context) {
    const access = { role: 'team-manager' } as const;

    app.get('/team', signedInPage(context, access), async (request, reply) => {
      const done = field(request.query, 'done');
      return showTeam(context, signedOf(request), reply, 200, done && done in teamNotices ? { notice: done as TeamNotice } : {});
    });

    app.post(coverAssignPath, signedInForm(context, access), async (request, reply) => {
      const form = {
        familyId: field(request.body, 'familyId') ?? '',
        practitionerId: field(request.body, 'practitionerId') ?? '',
        until: field(request.body, 'until') || undefined,
        reason: field(request.body, 'reason') || undefined,
      };
      return afterCover(context, signedOf(request), reply, { familyId: form.familyId, form }, 'assigned', (manager) => assignCoverAsManager(context.db, manager, form, context.now()));
    });

    app.post(coverEndPath, signedInForm(context, access), async (request, reply) => {
      const form = { familyId: field(request.body, 'familyId') ?? '', practitionerId: field(request.body, 'practitionerId') ?? '' };
      return afterCover(context, signedOf(request), reply, { familyId: form.familyId }, 'ended', (manager) => endCoverAsManager(context.db, manager, form, context.now()));
    });
  },
};

async function afterCover(
  context: PortalContext,
  signed: Signed,
  reply: FastifyReply,
  request: Readonly<{ familyId: string; form?: TeamPageState['form'] }>,
  notice: TeamNotice,
  act: (manager: { practitionerId: string; team: Team }) => Promise<CoverOutcome>,
): Promise<FastifyReply> {
  const me = signed.session.practitionerId;
  const team = await teamOf(context.db, me);
  if (!team) return showTeam(context, signed, reply, 200);
  const outcome = await act({ practitionerId: me, team });
  if ('refused' in outcome) return refuse(context, signed, reply, { page: 'team-cover', familyId: request.familyId, reason: 'not a family of their team (or no such family)' });
  if ('problem' in outcome) return showTeam(context, signed, reply, 400, { problem: outcome.problem, form: request.form });
  context.log.info('portal cover changed', { action: notice });
  return redirect(reply, `/team?done=${notice}`);
}

/** The page, after recording a view of each family it lists (so a family's subject access request finds it). */
async function showTeam(context: PortalContext, signed: Signed, reply: FastifyReply, status: number, state: TeamPageState = {}): Promise<FastifyReply> {
  const me = signed.session.practitionerId;
  const team = await teamOf(context.db, me);
  if (!team) return sendHtml(reply, 200, noTeamPage(viewerOf(signed)));
  const now = context.now();
  const families = await teamFamilies(context.db, team.name, now);
  const waiting = await unacknowledgedHighRisk(context.db, team.name, context.policy, now);
  if (families.length > 0) {
    await record(
      context,
      families.map((family) => ({
        kind: 'view' as const,
        actor: me,
        recipient: me,
        familyId: family.familyId,
        detail: { channel: 'portal', page: 'team', role: 'team-manager', items: waiting.filter(({ item }) => item.familyId === family.familyId).length },
      })),
    );
  }
  return sendHtml(reply, status, teamPage(viewerOf(signed), team, families, waiting, state));
}
