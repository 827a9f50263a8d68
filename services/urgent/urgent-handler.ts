import type { Knex } from 'knex';
import { appendAuditEntries, type AuditEntryInput } from '../audit';
import { matchLinked, type MatchLinked, type UrgentRaised } from '../contracts';
import { deliverNotifications } from '../digest/deliver-notifications';
import { createMailer, queueNotification, type Mailer } from '../notify';
import { deadLetterFor, deadLetterOutboxMessage } from '../platform/dead-letter';
import { decodeMessage } from '../platform/decode-message';
import { stableId } from '../platform/ids';
import type { BatchHandler, ConsumedMessage } from '../platform/offset-consumer';
import { addToOutbox, type OutboxMessage } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { loadRuleSet, type RuleSet } from '../risk';
import { inQuietHours, routeAlert } from './quiet-hours';
import { composeUrgentAlertEmail } from './urgent-email';
import { urgentFindings, type FamilyEvent, type UrgentFinding } from './urgent-rules';
import { urgentWithholding } from './withholding';

const consumer = 'urgent';
const hourMs = 3_600_000;
/** The longest span a combination rule may count (withinHours ≤ 168): older events are pruned. */
const keptHours = 168;
/**
 * A live match that reached us longer ago than this is history to the alerting, whatever it says:
 * when this consumer is first deployed it reads matches.v1 from the start, and a year of old
 * missing-person reports must not page the duty team tonight. They are in the digests already.
 */
const staleAfterHours = 24;

export type UrgentHandlerOptions = Readonly<{ now?: () => Date; rules?: RuleSet; mailer?: Mailer }>;

type Family = { practitioner_id: string | null; email: string | null };

/**
 * The urgent decider: reads matches.v1 (live links only: history is never urgent), keeps the family
 * events its combination rules count, and for each urgent rule a new match meets raises one alert,
 * routed to the lead practitioner or, inside the quiet hours, to the duty team. The ledger row, the
 * urgent.raised event (outbox), the email (notifications) and the audit entry commit with the
 * offsets, so a crash or a replay raises each alert once. Its emails (kind `urgent` only) go
 * straight after the commit: "immediately" means seconds, and the scheduler, which sends every
 * queued email, ticks only once a minute. If the mail server is away they wait, and the scheduler's
 * next tick retries them.
 */
export function urgentHandler(runtime: Pick<Runtime, 'db' | 'topics' | 'deserializer' | 'outbox' | 'config' | 'log'>, options: UrgentHandlerOptions = {}): BatchHandler {
  const { topics, config } = runtime;
  const now = options.now ?? (() => new Date());
  const rules = options.rules ?? loadRuleSet(config.rulesFile);
  let mailer = options.mailer;
  let emailsQueued = false;
  return {
    consumer,
    topics: [topics.matches],
    handleBatch: async (trx: Knex.Transaction, messages: readonly ConsumedMessage[]) => {
      const at = now();
      const outcomes: Record<string, number> = {};
      const count = (outcome: string) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
      const outbox: OutboxMessage[] = [];
      for (const message of messages) {
        const decoded = await decodeMessage(message.value, message.topic, matchLinked, runtime.deserializer);
        // An unreadable match is dead-lettered by the matches projection (a second copy here would not
        // reconcile); an erased family's match is read as erased (services/sealing). Both only counted.
        if (!decoded.ok) {
          count(decoded.erased ? 'erased' : 'unreadable');
          continue;
        }
        const match = decoded.event as MatchLinked;
        if (match.context !== 'live') {
          count('history');
          continue;
        }
        const findings = await findingsFor(trx, rules, match);
        if (findings.length === 0) count('not-urgent');
        else if (at.getTime() - Date.parse(match.receivedAt) > staleAfterHours * hourMs) count('stale');
        else for (const finding of findings) count(await raise(trx, match, finding, at, outbox));
      }
      await trx('urgent_family_events').where('occurred_at', '<', new Date(at.getTime() - 2 * keptHours * hourMs)).delete();
      await addToOutbox(trx, outbox);
      return outcomes;
    },
    reject: async (trx, message, rejection) => {
      await addToOutbox(trx, [deadLetterOutboxMessage(topics.deadLetters, deadLetterFor(message, rejection, now().toISOString()))]);
    },
    afterCommit: async () => {
      await runtime.outbox.flush();
      if (!emailsQueued) return;
      emailsQueued = false;
      mailer ??= createMailer(config);
      const delivery = await deliverNotifications(runtime.db, mailer, runtime.log, ['urgent']);
      if (delivery.waiting) runtime.log.warn('urgent emails wait for the mail server; the scheduler retries them each minute', { waiting: delivery.waiting });
    },
  };

  async function raise(trx: Knex.Transaction, match: MatchLinked, finding: UrgentFinding, at: Date, outbox: OutboxMessage[]): Promise<string> {
    const alertId = stableId('urgent', match.matchId, finding.rule.id);
    const known = await trx('urgent_alert_ledger').where({ alert_id: alertId }).first('alert_id');
    if (known) return 'already-raised';
    const family: Family | undefined = await trx('families as f')
      .leftJoin('practitioners as p', 'p.practitioner_id', 'f.practitioner_id')
      .where('f.family_id', match.familyId)
      .first('f.practitioner_id', 'p.email');
    const practitionerId = family?.practitioner_id ?? null;
    const raisedAt = at.toISOString();
    const ledger = { alert_id: alertId, match_id: match.matchId, family_id: match.familyId, rule_id: finding.rule.id, practitioner_id: practitionerId, raised_at: raisedAt };
    const about = {
      actor: 'system',
      familyId: match.familyId,
      itemId: match.matchId,
      subjectMemberIds: match.members.map((member) => member.memberId),
      agency: match.event.agency,
      category: match.event.category,
    };
    const withheld = await urgentWithholding(trx, match);
    if (withheld) {
      await trx('urgent_alert_ledger').insert({ ...ledger, outcome: 'withheld', withheld_reason: withheld.reason });
      await appendAuditEntries(trx, [{ ...about, kind: 'refused', recipient: practitionerId ?? 'duty-team', justification: withheld.reason, detail: { alertId, rule: finding.rule.id, path: 'urgent' } }], () => at);
      return 'withheld';
    }
    const routedTo = routeAlert(at, config.urgent.quietHours, practitionerId);
    await trx('urgent_alert_ledger').insert({ ...ledger, outcome: 'raised', routed_to: routedTo });
    const event: UrgentRaised = {
      type: 'urgent.raised',
      alertId,
      matchId: match.matchId,
      familyId: match.familyId,
      rule: finding.rule,
      says: finding.says,
      routedTo,
      ...(practitionerId ? { practitionerId } : {}),
      quietHours: inQuietHours(at, config.urgent.quietHours),
      raisedAt,
    };
    outbox.push({ topic: topics.urgentAlerts, key: match.familyId, payload: event });
    const forDutyTeam = routedTo === 'duty-team';
    const to = forDutyTeam || !family?.email ? config.urgent.dutyTeamEmail : family.email;
    const email = composeUrgentAlertEmail({ alertId, raisedAt, forDutyTeam }, { to, from: config.mailFrom, portalUrl: config.portalUrl });
    // A role mailbox has no practitioner id. The id is the email's own: queued once however often this runs.
    await queueNotification(trx, { kind: 'urgent', id: `urgent:${alertId}`, ...(forDutyTeam ? {} : { practitionerId: practitionerId as string }), email });
    emailsQueued = true;
    const entry: AuditEntryInput = { ...about, kind: 'urgent-alert', recipient: forDutyTeam ? 'duty-team' : (practitionerId as string), detail: { alertId, rule: finding.rule.id, routedTo, event: 'raised' } };
    await appendAuditEntries(trx, [entry], () => at);
    return 'raised';
  }
}

/** Records the match among its family's events and evaluates the urgent rules against them. */
async function findingsFor(trx: Knex.Transaction, rules: RuleSet, match: MatchLinked): Promise<UrgentFinding[]> {
  const { agency, category, occurredAt } = match.event;
  await trx('urgent_family_events').insert({ match_id: match.matchId, family_id: match.familyId, agency, category, occurred_at: occurredAt }).onConflict('match_id').ignore();
  const occurred = Date.parse(occurredAt);
  const recent: FamilyEvent[] = (
    await trx('urgent_family_events')
      .where('family_id', match.familyId)
      .whereBetween('occurred_at', [new Date(occurred - keptHours * hourMs), new Date(occurred + keptHours * hourMs)])
      .select('match_id', 'agency', 'category', 'occurred_at')
  ).map((row: { match_id: string; agency: FamilyEvent['agency']; category: string; occurred_at: Date }) => ({
    matchId: row.match_id, agency: row.agency, category: row.category, occurredAt: row.occurred_at.toISOString(),
  }));
  const memberIds = match.members.map((member) => member.memberId);
  const births: Array<{ date_of_birth: string }> = memberIds.length
    ? await trx('members').whereIn('member_id', memberIds).whereNotNull('date_of_birth').select('date_of_birth')
    : [];
  return urgentFindings(rules, { matchId: match.matchId, agency, category, occurredAt, linkedBirthDates: births.map((row) => row.date_of_birth) }, recent);
}
