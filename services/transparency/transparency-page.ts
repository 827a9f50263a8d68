import type { Knex } from 'knex';
import { agencyCodeLists, type Agency, type TopicNames } from '../contracts';
import type { ConsumerName } from '../consumers';
import type { Policy } from '../policy';
import { scheduleSections, type RetentionSchedule } from '../retention';
import { monthlyCounts } from './monthly-counts';
import type { Period } from './months';
import { pageFigures, type PageFigures } from './page-figures';
import { renderTransparencyPage } from './render-page';

/** The consumers whose tables the page reads: a command waits for them, never runs them. */
export const transparencyReads: readonly ConsumerName[] = ['cohort', 'matcher', 'reviews', 'digests'];

export type TransparencyInput = Readonly<{ period: Period; policy: Policy; rulesVersion: string; retention: RetentionSchedule; threshold: number; generatedAt?: Date }>;

/** Reads the counts and returns the page and the figures on it (published or withheld). */
export async function buildTransparencyPage(runtime: { db: Knex; topics: TopicNames }, input: TransparencyInput): Promise<{ html: string; page: PageFigures }> {
  const counts = await monthlyCounts(runtime.db, runtime.topics, input.period);
  const rule = { threshold: input.threshold };
  const page = pageFigures(counts, input.period, rule, (agency) => agencyCodeLists[agency as Agency]?.name ?? agency);
  const html = renderTransparencyPage(page, {
    period: input.period, policy: input.policy, rulesVersion: input.rulesVersion, digestVersions: counts.digestVersions, rule,
    retention: { version: input.retention.version, sections: scheduleSections(input.retention) },
    generatedAt: input.generatedAt ?? new Date(),
  });
  return { html, page };
}
