import type { ServerResponse } from 'node:http';
import { appendAuditEntries, type AuditEntryInput } from '../audit';
import { acknowledgedBy, digestFor, digestsOf, familyFor, familyItems } from './access';
import type { PortalContext, Signed } from './context';
import { sendHtml } from './http';
import { digestPage, homePage } from './pages/digests';
import { familyPage } from './pages/family';
import { familySummaryPage } from './pages/family-summary';
import { notFoundPage } from './pages/layout';
import { familySummary } from './summary-store';

/**
 * The pages that show personal data. Each view is recorded in the audit log before the page is
 * sent (the entry commits first, so nothing is shown unrecorded). A request for a digest or family
 * the practitioner may not see gets exactly the page a nonexistent id gets, and a 'refused' entry.
 */
const viewer = (signed: Signed) => ({ name: signed.name, csrfToken: signed.session.csrfToken, roles: signed.session.roles });

export async function record(context: PortalContext, entries: readonly AuditEntryInput[]): Promise<void> {
  await context.db.transaction((trx) => appendAuditEntries(trx, entries, context.now));
}

/** Ids from a URL are whatever someone typed: cut to what the audit log holds. */
export const asId = (value: string): string => value.slice(0, 200) || '-';

export async function refuse(
  context: PortalContext,
  signed: Signed,
  res: ServerResponse,
  requested: Readonly<{ page: string; digestId?: string; familyId?: string; itemId?: string }>,
): Promise<void> {
  const { page, ...ids } = requested;
  await record(context, [
    {
      kind: 'refused',
      actor: signed.session.practitionerId,
      recipient: signed.session.practitionerId,
      ...(ids.digestId ? { digestId: asId(ids.digestId) } : {}),
      ...(ids.familyId ? { familyId: asId(ids.familyId) } : {}),
      ...(ids.itemId ? { itemId: asId(ids.itemId) } : {}),
      justification: 'not theirs to see (or no such id): not their digest, or not a family they lead or cover',
      detail: { channel: 'portal', page },
    },
  ]);
  context.log.info('portal refused a request', { page });
  sendHtml(res, 404, notFoundPage());
}

export async function showHome(context: PortalContext, signed: Signed, res: ServerResponse): Promise<void> {
  sendHtml(res, 200, homePage(viewer(signed), await digestsOf(context.db, signed.session.practitionerId)));
}

export async function showDigest(context: PortalContext, signed: Signed, res: ServerResponse, digestId: string): Promise<void> {
  const me = signed.session.practitionerId;
  const digest = await digestFor(context.db, me, digestId);
  if (!digest) return refuse(context, signed, res, { page: 'digest', digestId });
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
  sendHtml(res, 200, digestPage(viewer(signed), digest, acknowledged));
}

export async function showFamily(context: PortalContext, signed: Signed, res: ServerResponse, familyId: string): Promise<void> {
  const me = signed.session.practitionerId;
  const now = context.now();
  const access = await familyFor(context.db, me, familyId, now);
  if (!access) return refuse(context, signed, res, { page: 'family', familyId });
  const items = await familyItems(context.db, access, context.policy, now);
  const acknowledged = await acknowledgedBy(context.db, me, items.map(({ item }) => item.matchId));
  await record(context, [
    { kind: 'view', actor: me, recipient: me, familyId: access.family.family_id, detail: { channel: 'portal', page: 'family', role: access.role, items: items.length } },
  ]);
  sendHtml(res, 200, familyPage(viewer(signed), access, items, acknowledged));
}

export async function showFamilySummary(context: PortalContext, signed: Signed, res: ServerResponse, familyId: string): Promise<void> {
  const me = signed.session.practitionerId;
  const now = context.now();
  const access = await familyFor(context.db, me, familyId, now);
  if (!access) return refuse(context, signed, res, { page: 'family-summary', familyId });
  const summary = await familySummary(context.db, access, context.policy, now);
  await record(context, [
    { kind: 'view', actor: me, recipient: me, familyId: access.family.family_id, policyVersion: context.policy.version, detail: { channel: 'portal', page: 'family-summary', role: access.role } },
  ]);
  sendHtml(res, 200, familySummaryPage(viewer(signed), summary));
}
