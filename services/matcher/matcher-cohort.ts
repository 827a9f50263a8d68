import type { Knex } from 'knex';
import { buildCohortIndex, defaultModel, scoreForProbability, type CohortIndex, type LinkageModel, type PersonRecord } from '../linkage';
import type { CohortMember } from './link-decisions';

type MemberRow = {
  member_id: string; family_id: string; given_name: string; family_name: string; date_of_birth: string | null;
  nhs_number: string | null; pnc_id: string | null; removed: boolean; change_seq: string;
  address_line1: string; address_line2: string | null; postcode: string; uprn: string | null; status: string;
};

/** One member row written since the last refresh; `member` is absent when they left the cohort. */
export type CohortChange = Readonly<{ changeSeq: bigint; member?: CohortMember }>;

/**
 * The cohort as the matcher holds it: a linkage index in memory, kept current from the cohort
 * projection. Every write to a member (or to their family) takes a new `change_seq`, so each refresh
 * reads only the rows changed since the last one.
 */
export class MatcherCohort {
  private readonly index: CohortIndex;
  private readonly members = new Map<string, CohortMember>();
  private seen = 0n;

  /** `model` sets the link and review thresholds (by default, posterior 0.99 and 0.5). */
  constructor(model: LinkageModel = defaultModel) {
    this.index = buildCohortIndex([], model);
  }

  get cohortIndex(): CohortIndex {
    return this.index;
  }

  memberOf = (memberId: string): CohortMember | undefined => this.members.get(memberId);

  /** Applies every cohort change since the last refresh; returns what changed, in order. */
  async refresh(db: Knex | Knex.Transaction): Promise<CohortChange[]> {
    const rows: MemberRow[] = await db('members as m')
      .join('families as f', 'f.family_id', 'm.family_id')
      .where('m.change_seq', '>', this.seen.toString())
      .orderBy('m.change_seq')
      .select(
        'm.member_id', 'm.family_id', 'm.given_name', 'm.family_name', db.raw(`to_char(m.date_of_birth, 'YYYY-MM-DD') as date_of_birth`),
        'm.nhs_number', 'm.pnc_id', 'm.removed', 'm.change_seq', 'f.address_line1', 'f.address_line2', 'f.postcode', 'f.uprn', 'f.status',
      );
    const changes: CohortChange[] = [];
    for (const row of rows) {
      const seq = BigInt(row.change_seq);
      if (row.removed || row.status !== 'open') {
        this.index.remove(row.member_id);
        this.members.delete(row.member_id);
        changes.push({ changeSeq: seq });
      } else {
        const member = { memberId: row.member_id, familyId: row.family_id, givenName: row.given_name };
        this.index.add(personRecordOfMember(row));
        this.members.set(row.member_id, member);
        changes.push({ changeSeq: seq, member });
      }
      if (seq > this.seen) this.seen = seq;
    }
    return changes;
  }
}

function personRecordOfMember(row: MemberRow): PersonRecord {
  return {
    id: row.member_id,
    givenName: row.given_name,
    familyName: row.family_name,
    dateOfBirth: row.date_of_birth,
    address: [row.address_line1, row.address_line2].filter(Boolean).join(', '),
    postcode: row.postcode,
    uprn: row.uprn,
    nhsNumber: row.nhs_number,
    pncId: row.pnc_id,
  };
}

/** The default model with the thresholds the configuration asks for, as posterior match probabilities. */
export function matcherModel(thresholds: Readonly<{ linkProbability: number; reviewProbability: number }>): LinkageModel {
  return {
    ...defaultModel,
    thresholds: { link: scoreForProbability(thresholds.linkProbability), review: scoreForProbability(thresholds.reviewProbability) },
  };
}
