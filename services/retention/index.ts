export {
  archivedRetentionScheduleSchema, builtInScheduleFile, loadArchivedRetentionSchedule, loadRetentionSchedule, parseArchivedRetentionSchedule,
  parseRetentionSchedule, recordClasses, rematchMarginDays, retentionScheduleSchema, schedulesDirectory,
  type ArchivedRetentionSchedule, type ClosedCaseRule, type Period, type RecordClass, type RetentionSchedule, type ScheduleContext,
} from './schedule';
export { recordClassInfo, type RecordClassInfo } from './record-classes';
export { ageAt, birthday, closedCaseVerdict, cutOffFor, retentionCutOffs, shiftBy, type ClosedCase, type ClosedCaseVerdict, type RetentionCutOffs } from './plan';
export { applyTopicRetention, readTopicRetention, retentionSettings, setTopicSettings, topicRetention, type TopicRetention, type TopicSettingChange } from './topic-retention';
export { kafkaHoldings, type TopicHolding } from './kafka-holdings';
export { runRetention, type ClassOutcome, type RetentionReport, type RetentionRunOptions } from './run';
export { kafkaRows, keepWords, periodWords, reportRows, scheduleSections, type ScheduleSection } from './words';
