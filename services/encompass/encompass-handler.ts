import type { Knex } from 'knex';
import { appendAuditEntries, type AuditEntryInput } from '../audit';
import { matchLinked, type MatchLinked, type MemberSchool } from '../contracts';
import { deliverNotifications } from '../digest/deliver-notifications';
import { createMailer, queueNotification } from '../notify';
import { deadLetterFor, deadLetterOutboxMessage } from '../platform/dead-letter';
import { decodeMessage } from '../platform/decode-message';
import { describeError } from '../platform/errors';
import type { BatchHandler } from '../platform/offset-consumer';
import { addToOutbox, type OutboxMessage } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { loadPolicy, type Policy } from '../policy';
import { londonDateOf } from '../scheduler/schedule';
import { withholdingFor } from '../sharing-decisions';
import { decideForChild, isChildOn, matchQualifies, notificationIdFor, type ChildOnRoll } from './decide-notification';
import { encompassAudit } from './encompass-audit';
import { composeEncompassEmail } from './encompass-email';
import { loadEncompassDirectory, type EncompassDirectory } from './schools-register';

const consumer = 'encompass';

export type EncompassOptions = Readonly<{
  /** The clock of sentAt and of every decision: tests pass a controllable one, production the wall clock. */
  now?: () => Date;
  policy?: Policy;
  directory?: EncompassDirectory;
}>;

/**
 * The Encompass decider: reads matches.v1 and, for each child under 18 named in a live police
 * domestic-abuse match, tells the child's school (or the council's team) at once, with exactly the
 * force's field set, unless a recorded decision withholds it; or records that nobody could be told.
 * The decision (ledger row), the event (outbox), the email (notifications outbox) and the audit
 * entry commit with the offsets, so a restart neither repeats nor loses one.
 *
 * It sends its own emails right after each batch rather than waiting up to a minute for the
 * scheduler's tick: the duty is "as soon as reasonably practicable", and the row lock in
 * deliverNotifications means the scheduler and this process never send the same email twice.
 * The schools register, calendars and policy are read when the consumer starts, so a mistake in
 * any of them stops it at once with where the mistake is.
 */
export function encompassHandler(runtime: Pick<Runtime, 'db' | 'topics' | 'deserializer' | 'outbox' | 'config' | 'log'>, options: EncompassOptions = {}): BatchHandler {
  const { topics, config } = runtime;
  const now = options.now ?? (() => new Date());
  const policy = options.policy ?? loadPolicy(config.policyFile);
  const directory = options.directory ?? loadEncompassDirectory(config.encompass);
  let emailsQueued = false;
  return {
    consumer,
    topics: [topics.matches],
    handleBatch: async (trx, messages) => {
      const outcomes: Record<string, number> = {};
      const count = (outcome: string) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
      const outbox: OutboxMessage[] = [];
      const audit: AuditEntryInput[] = [];
      for (const message of messages) {
        // An unreadable match is dead-lettered by the matches projection; here it is only counted, as is
        // an erased family's match (services/sealing).
        const decoded = await decodeMessage(message.value, message.topic, matchLinked, runtime.deserializer);
        if (!decoded.ok) {
          count(decoded.erased ? 'erased' : 'unreadable');
          continue;
        }
        const match = decoded.event;
        if (!matchQualifies(match, policy)) {
          count('not-encompass');
          continue;
        }
        for (const child of await childrenIn(trx, match, now())) {
          const notificationId = notificationIdFor(match, child.memberId);
          const at = now();
          const withheld = await withholdingFor(trx, { agency: 'police', agencyEventId: match.event.agencyEventId, familyId: match.familyId, memberId: child.memberId }, 'encompass');
          const { event, mailbox } = decideForChild({ match, child, directory, policy, withheldBy: withheld?.decisionId, now: at });
          // One decision per child per incident, however often the match is delivered.
          const claimed = await trx('encompass_ledger')
            .insert({ notification_id: notificationId, outcome: event.type.slice('encompass.'.length), match_id: match.matchId, decided_at: at })
            .onConflict('notification_id')
            .ignore()
            .returning('notification_id');
          if (claimed.length === 0) {
            count('duplicate');
            continue;
          }
          outbox.push({ topic: topics.encompass, key: notificationId, payload: event });
          if (event.type === 'encompass.notified' && mailbox) {
            const email = composeEncompassEmail({ notificationId, recipientName: event.recipient.name, to: mailbox, from: config.mailFrom, portalUrl: config.portalUrl });
            await queueNotification(trx, { kind: 'encompass', id: notificationId, email });
            emailsQueued = true;
          }
          const entry = encompassAudit(event, policy);
          if (entry) audit.push(entry);
          count(event.type.slice('encompass.'.length));
        }
      }
      await addToOutbox(trx, outbox);
      await appendAuditEntries(trx, audit, now);
      return outcomes;
    },
    reject: async (trx, message, rejection) => {
      await addToOutbox(trx, [deadLetterOutboxMessage(topics.deadLetters, deadLetterFor(message, rejection, now().toISOString()))]);
    },
    afterCommit: async () => {
      await runtime.outbox.flush();
      if (!emailsQueued) return;
      emailsQueued = false;
      const mailer = createMailer(config);
      try {
        const delivery = await deliverNotifications(runtime.db, mailer, runtime.log, ['encompass']);
        runtime.log.info('encompass emails sent', { ...delivery });
      } catch (error) {
        // The emails stay queued; the scheduler's next tick sends them.
        runtime.log.warn('encompass emails not sent yet', { error: describeError(error) });
      } finally {
        mailer.close();
      }
    },
  };
}

type MemberRow = { member_id: string; given_name: string; family_name: string; date_of_birth: string | null };
type SchoolRow = { member_id: string; school_urn: string | null; home_educated: boolean };

/**
 * The members the match names who were under 18 on the incident's day, with the school on their roll
 * now: Encompass is about the school that looks after the child from the next school day, and a roll
 * imported today is dated today (a council's first import cannot say since when), so the incident's
 * day would miss every child whose incident came before the import. A member whose date of birth the
 * cohort does not hold cannot be known to be a child.
 */
async function childrenIn(trx: Knex.Transaction, match: MatchLinked, at: Date): Promise<ChildOnRoll[]> {
  const named = match.members.map((member) => member.memberId);
  if (named.length === 0) return [];
  const incidentDate = londonDateOf(new Date(match.event.occurredAt));
  const members: MemberRow[] = await trx('members')
    .whereIn('member_id', named)
    .select('member_id', 'given_name', 'family_name', trx.raw("to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth"));
  const children = members.filter((row): row is MemberRow & { date_of_birth: string } => row.date_of_birth !== null && isChildOn(row.date_of_birth, incidentDate));
  if (children.length === 0) return [];
  const schools: SchoolRow[] = await trx('member_schools')
    .distinctOn('member_id')
    .whereIn('member_id', children.map((row) => row.member_id))
    .where('valid_from', '<=', londonDateOf(at))
    .orderBy([{ column: 'member_id' }, { column: 'valid_from', order: 'desc' }])
    .select('member_id', 'school_urn', 'home_educated');
  const schoolOf = new Map(schools.map((row) => [row.member_id, row]));
  return children
    .sort((a, b) => a.member_id.localeCompare(b.member_id))
    .map((row) => ({
      memberId: row.member_id,
      givenName: row.given_name,
      familyName: row.family_name,
      dateOfBirth: row.date_of_birth,
      role: match.members.find((member) => member.memberId === row.member_id)?.role ?? 'other',
      school: rollEntry(schoolOf.get(row.member_id)),
    }));
}

function rollEntry(row: SchoolRow | undefined): MemberSchool | undefined {
  if (!row) return undefined;
  if (row.home_educated) return { homeEducated: true };
  return row.school_urn ? { urn: row.school_urn } : null;
}
