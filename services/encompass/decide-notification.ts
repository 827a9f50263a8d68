import { personRoles, type EncompassContent, type EncompassEvent, type EncompassField, type EncompassRecipient, type MatchLinked, type MemberSchool } from '../contracts';
import { stableId } from '../platform/ids';
import { categoryRuleFor, encompassFieldSetOf, type Policy } from '../policy';
import { deadlineFor } from './school-calendar';
import type { EncompassDirectory } from './schools-register';

/**
 * What Operation Encompass does with one match, decided without I/O: which children qualify, who is
 * told about each, by when, with exactly which fields — or why nobody can be told.
 */

/** A child named in the match, as the cohort knows them on the incident's day. */
export type ChildOnRoll = Readonly<{
  memberId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  /** How the child figures in the police record (the match's member role). */
  role: string;
  /** The roll when it is decided: undefined when nothing was ever recorded. */
  school: MemberSchool | undefined;
}>;

/** Police domestic abuse, newly linked (not background history), under a policy that tells schools. */
export function matchQualifies(match: MatchLinked, policy: Policy): boolean {
  if (match.context !== 'live' || match.event.agency !== 'police' || match.event.category !== 'DOMESTIC_ABUSE') return false;
  const level = categoryRuleFor(policy, 'police', 'DOMESTIC_ABUSE')?.roles['school-dsl']?.level;
  return level !== undefined && level !== 'none';
}

/** Under 18 on the day of the incident (in England: the London date of its instant). */
export function isChildOn(dateOfBirth: string, incidentDate: string): boolean {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const eighteenth = `${String(year + 18).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return incidentDate < eighteenth;
}

export const notificationIdFor = (match: MatchLinked, memberId: string): string =>
  stableId('enc', match.event.agency, match.event.agencyEventId, memberId);

/** Only the fields of the force's set are filled in; nothing else of the event ever leaves. */
export function contentFor(fields: readonly EncompassField[], match: MatchLinked, child: ChildOnRoll): EncompassContent {
  const content: { -readonly [K in keyof EncompassContent]: EncompassContent[K] } = {};
  for (const field of fields) {
    switch (field) {
      case 'child':
        content.child = { givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth };
        break;
      case 'policeReference':
        content.policeReference = match.event.agencyEventId;
        break;
      case 'when':
        content.occurredAt = match.event.occurredAt;
        break;
      case 'where':
        content.postcodeDistrict = match.event.postcodeDistrict;
        break;
      case 'involvement':
        if (isPersonRole(child.role)) content.involvement = child.role;
        break;
      case 'circumstances':
        if (match.event.summary) content.circumstances = match.event.summary;
        break;
      default: {
        const unhandled: never = field;
        throw new Error(`no content for Encompass field ${String(unhandled)}`);
      }
    }
  }
  return content;
}

const isPersonRole = (role: string): role is NonNullable<EncompassContent['involvement']> => (personRoles as readonly string[]).includes(role);

type Routed = Readonly<{ recipient: EncompassRecipient; calendar: string; mailbox: string }> | Readonly<{ undeliverable: 'no-school-known' | 'school-not-in-register' }>;

/** The school on the roll, the council's team for a home-educated child, or why neither. */
export function routeFor(school: MemberSchool | undefined, directory: EncompassDirectory): Routed {
  if (!school) return { undeliverable: 'no-school-known' };
  if ('homeEducated' in school) {
    const team = directory.register.councilTeam;
    return { recipient: { kind: 'council-team', name: team.name }, calendar: team.calendar, mailbox: team.mailbox };
  }
  const found = directory.schoolByUrn(school.urn);
  if (!found) return { undeliverable: 'school-not-in-register' };
  return { recipient: { kind: 'school', urn: found.urn, name: found.name }, calendar: found.calendar, mailbox: found.dslMailbox };
}

export type EncompassDecision = Readonly<{ event: EncompassEvent; mailbox?: string }>;

export type DecisionInput = Readonly<{
  match: MatchLinked;
  child: ChildOnRoll;
  directory: EncompassDirectory;
  policy: Policy;
  /** A recorded decision to withhold this disclosure (services/sharing-decisions), if one is in force. */
  withheldBy: string | undefined;
  now: Date;
}>;

/**
 * One child's notification. The deadline comes from the recipient's calendar; without a recipient,
 * from the council team's (the council is who must then find the school).
 */
export function decideForChild({ match, child, directory, policy, withheldBy, now }: DecisionInput): EncompassDecision {
  const route = routeFor(child.school, directory);
  const calendar = directory.calendarOf({ calendar: 'undeliverable' in route ? directory.register.councilTeam.calendar : route.calendar });
  const deadline = deadlineFor(calendar, new Date(match.event.occurredAt));
  const decided = {
    notificationId: notificationIdFor(match, child.memberId),
    matchId: match.matchId,
    familyId: match.familyId,
    memberId: child.memberId,
    agencyEventId: match.event.agencyEventId,
    force: match.event.organisation,
    occurredAt: match.event.occurredAt,
    receivedAt: match.receivedAt,
    deadline: deadline.toISOString(),
  };
  if ('undeliverable' in route) return { event: { type: 'encompass.undeliverable', ...decided, reasonCode: route.undeliverable, recordedAt: now.toISOString() } };
  if (withheldBy) return { event: { type: 'encompass.withheld', ...decided, recipient: route.recipient, decisionId: withheldBy, withheldAt: now.toISOString() } };
  const fieldSet = encompassFieldSetOf(policy, match.event.organisation);
  return {
    event: {
      type: 'encompass.notified',
      ...decided,
      recipient: route.recipient,
      fieldSet: [...fieldSet],
      content: contentFor(fieldSet, match, child),
      policyVersion: policy.version,
      sentAt: now.toISOString(),
      lateFromAgency: Date.parse(match.receivedAt) > deadline.getTime(),
    },
    mailbox: route.mailbox,
  };
}
