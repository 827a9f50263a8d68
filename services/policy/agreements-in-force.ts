import { londonDateOf } from '../scheduler/schedule';
import { agreementStandings, type AgreementStanding } from './agreement';
import { loadPolicy } from './policy';

/**
 * The signed agreements of the policy in force, as `status` and the metrics report them. Reading
 * the policy can fail (a bad LIVE_RISK_POLICY_FILE); that is reported, never thrown, since a report
 * about agreements must not stop the report about the pipeline.
 */
export type AgreementsReport =
  | Readonly<{ policyVersion: string; today: string; standings: readonly AgreementStanding[] }>
  | Readonly<{ problem: string }>;

export function agreementsInForce(policyFile: string | undefined, now: Date = new Date()): AgreementsReport {
  try {
    const policy = loadPolicy(policyFile);
    const today = londonDateOf(now);
    return { policyVersion: policy.version, today, standings: agreementStandings(policy, today) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
