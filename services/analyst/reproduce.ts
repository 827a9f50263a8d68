import type { DigestIssued } from '../contracts';
import { buildDigest, digestItems, type DigestInput } from '../digest/build-digest';
import { historySince } from '../digest/digest-sources';
import type { Policy } from '../policy';
import type { RuleSet } from '../risk';
import type { AsOfSources } from './as-of-sources';
import { jsonDifferences, type JsonDifference } from './json-diff';

/**
 * Rebuilding a past digest: the pure `buildDigest` on inputs read as at its cut-off, with the given
 * rules and policy (those it names, to reproduce it; others, to ask "what if"). Pure.
 */
export function asOfInput(sources: AsOfSources, rules: RuleSet, policy: Policy): DigestInput {
  const { stored } = sources;
  // The sources hold history from the longest look-back of every rule set tried; keep this one's.
  const since = Date.parse(historySince(sources.unreported, stored.window, rules));
  return {
    practitioner: { practitionerId: stored.practitionerId, name: sources.practitionerName },
    date: stored.date,
    window: stored.window,
    cutOff: stored.cutOff,
    lateFrom: sources.lateFrom,
    rules,
    policy,
    recipientRole: stored.recipientRole ?? 'lead-practitioner',
    consent: sources.consent,
    withheldByDecision: sources.withheldByDecision,
    ...(sources.previousCutOff ? { previousCutOff: sources.previousCutOff } : {}),
    familyReferences: sources.familyReferences,
    unreported: sources.unreported,
    recentHistory: sources.history.filter((match) => Date.parse(match.event.occurredAt) >= since),
    // The job stamps the cut-off in UTC as generatedAt; the digest keeps it in local time as cutOff.
    generatedAt: new Date(stored.cutOff).toISOString(),
  };
}

export type Reproduction = Readonly<{ stored: DigestIssued; reproduced: DigestIssued; differences: readonly JsonDifference[] }>;

export function reproduceDigest(sources: AsOfSources, rules: RuleSet, policy: Policy, limit = 10): Reproduction {
  const reproduced = buildDigest(asOfInput(sources, rules, policy));
  return { stored: sources.stored, reproduced, differences: jsonDifferences(sources.stored, reproduced, limit) };
}

export type ReproductionTotals = Readonly<{ digests: number; exact: number; families: number; items: number; ruleSets: string[]; policies: string[] }>;

export function reproductionTotals(reproductions: readonly Reproduction[]): ReproductionTotals {
  const versions = (pick: (digest: DigestIssued) => string | undefined) =>
    [...new Set(reproductions.map((r) => pick(r.stored) ?? '(none)'))].sort();
  return {
    digests: reproductions.length,
    exact: reproductions.filter((r) => r.differences.length === 0).length,
    families: reproductions.reduce((sum, r) => sum + r.reproduced.families.length, 0),
    items: reproductions.reduce((sum, r) => sum + digestItems(r.reproduced).length, 0),
    ruleSets: versions((digest) => digest.ruleSetVersion),
    policies: versions((digest) => digest.policyVersion),
  };
}
