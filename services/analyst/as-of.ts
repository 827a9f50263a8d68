import type { Knex } from 'knex';
import type { DigestIssued } from '../contracts';
import { buildDigest } from '../digest/build-digest';
import { LiveRiskError } from '../platform/errors';
import type { RuleSet } from '../risk';
import { readAsOfSources } from './as-of-sources';
import { asOfInput, reproduceDigest, type Reproduction } from './reproduce';
import type { VersionResolver } from './versions';
import { compareDigests, type DigestComparison } from './what-if';

/**
 * The two analyst questions about a stored digest, over the adapters: what did it say (rebuild it with
 * the rules and policy it names and check it matches), and what would other rules have said.
 */
export async function reproduceStoredDigest(db: Knex | Knex.Transaction, resolver: VersionResolver, stored: DigestIssued, limit?: number): Promise<Reproduction> {
  const { rules, policy } = await versionsOf(resolver, stored);
  return reproduceDigest(await readAsOfSources(db, stored, [rules]), rules, policy, limit);
}

export type WhatIfDigest = Readonly<{ baseline: Reproduction; comparison: DigestComparison }>;

/**
 * The digest as reproduced with its own rules (the baseline, which should match the stored one) and
 * with `alternative`, everything else as it stood then: same events, consent and policy, and the same
 * items already shown by earlier digests, so each day's difference is that day's alone.
 */
export async function whatIfDigest(db: Knex | Knex.Transaction, resolver: VersionResolver, stored: DigestIssued, alternative: RuleSet): Promise<WhatIfDigest> {
  const { rules, policy } = await versionsOf(resolver, stored);
  const sources = await readAsOfSources(db, stored, [rules, alternative]);
  const baseline = reproduceDigest(sources, rules, policy);
  const altered = buildDigest(asOfInput(sources, alternative, policy));
  return { baseline, comparison: compareDigests(baseline.reproduced, altered) };
}

async function versionsOf(resolver: VersionResolver, stored: DigestIssued) {
  if (!stored.policyVersion) {
    throw new LiveRiskError('NOT_FOUND', `the digest for ${stored.practitionerId} on ${stored.date} was issued before the sharing policy and records no policy version`, {
      hint: 'only digests issued under a sharing policy can be reproduced; choose a later date',
    });
  }
  const [rules, policy] = await Promise.all([resolver.rules(stored.ruleSetVersion, stored.cutOff), resolver.policy(stored.policyVersion, stored.cutOff)]);
  return { rules: rules.document, policy: policy.document };
}
