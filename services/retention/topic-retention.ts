import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { agencyTopicIds, topicIds, type TopicId, type TopicNames } from '../contracts';
import type { RetentionSchedule } from './schedule';

/**
 * How long Kafka keeps each topic's messages, from the retention schedule. Agency topics hold every
 * event an agency sent, most of them about people outside the cohort: they keep the
 * `unlinked-agency-events` period, and what was linked lives on in matches.v1. dead-letter.v1 holds
 * rejected messages as they were sent: `dead-letter-originals`. Every other topic is the programme's
 * own history and keeps everything (-1): what must go of a family goes by erasure, which destroys
 * the key its events were sealed with (services/erasure).
 *
 * Kafka deletes a whole segment once its newest message is past retention.ms, so a segment spanning
 * a day (segment.ms) means a message goes at most a day (plus the broker's check interval, five
 * minutes by default) after its period, instead of up to a week (the default segment) after it.
 */
const dayMs = 24 * 60 * 60 * 1000;

/** The topic settings this module owns; any other setting on a topic is left as it is. */
export const retentionSettings = ['retention.ms', 'segment.ms'] as const;
export type RetentionSetting = (typeof retentionSettings)[number];
export type TopicRetention = Readonly<Partial<Record<RetentionSetting, string>>>;

const limited = (days: number): TopicRetention => ({ 'retention.ms': String(days * dayMs), 'segment.ms': String(dayMs) });

export function topicRetention(schedule: RetentionSchedule): Readonly<Record<TopicId, TopicRetention>> {
  const agencyDays = schedule.classes['unlinked-agency-events'].keep.days;
  const deadLetterDays = schedule.classes['dead-letter-originals'].keep.days;
  return Object.fromEntries(
    topicIds.map((id) => [
      id,
      (agencyTopicIds as readonly TopicId[]).includes(id) ? limited(agencyDays) : id === 'deadLetters' ? limited(deadLetterDays) : { 'retention.ms': '-1' },
    ]),
  ) as Record<TopicId, TopicRetention>;
}

export type TopicSettingChange = Readonly<{ topic: string; setting: string; from: string | undefined; to: string }>;

/**
 * Sets topic-level settings without touching the others. Kafka's AlterConfigs (the only kind
 * kafkajs speaks) replaces a topic's whole set of overrides, so the current overrides are read first
 * and sent back with the changed ones. Only the administrator may (AlterConfigs is granted to no
 * process, services/kafka-access/grants.ts). Returns what changed.
 */
export async function setTopicSettings(admin: Admin, wanted: ReadonlyMap<string, Readonly<Record<string, string>>>): Promise<TopicSettingChange[]> {
  if (wanted.size === 0) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [...wanted.keys()].map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const changes: TopicSettingChange[] = [];
  const resources = [];
  for (const resource of described.resources) {
    const overrides = new Map(
      resource.configEntries.filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG && !entry.isSensitive).map((entry) => [entry.configName, entry.configValue]),
    );
    const changed = Object.entries(wanted.get(resource.resourceName) ?? {}).filter(([setting, value]) => overrides.get(setting) !== value);
    if (changed.length === 0) continue;
    for (const [setting, value] of changed) {
      changes.push({ topic: resource.resourceName, setting, from: overrides.get(setting), to: value });
      overrides.set(setting, value);
    }
    resources.push({ type: ConfigResourceTypes.TOPIC, name: resource.resourceName, configEntries: [...overrides].map(([name, value]) => ({ name, value })) });
  }
  if (resources.length > 0) await admin.alterConfigs({ validateOnly: false, resources });
  return changes;
}

/** Brings every live-risk topic's retention to what the schedule says: on the administrator's start-up and `retention apply`. */
export async function applyTopicRetention(admin: Admin, names: TopicNames, schedule: RetentionSchedule, only: readonly TopicId[] = topicIds): Promise<TopicSettingChange[]> {
  const retention = topicRetention(schedule);
  return setTopicSettings(admin, new Map(only.map((id) => [names[id], retention[id]])));
}

/** What a topic's retention settings are now (the broker's default where the topic sets none). */
export async function readTopicRetention(admin: Admin, names: TopicNames): Promise<Map<string, Record<RetentionSetting, string>>> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topicIds.map((id) => ({ type: ConfigResourceTypes.TOPIC, name: names[id], configNames: [...retentionSettings] })),
  });
  return new Map(
    described.resources.map((resource) => [
      resource.resourceName,
      Object.fromEntries(retentionSettings.map((setting) => [setting, resource.configEntries.find((entry) => entry.configName === setting)?.configValue ?? ''])) as Record<RetentionSetting, string>,
    ]),
  );
}
