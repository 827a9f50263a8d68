export { cohortMembers, dataQualityReads } from './cohort-members';
export { nhsNumberDataQuality, withoutValidNhsNumber, type CohortMember, type NhsNumberCounts, type NhsNumberDataQuality, type TeamNhsNumberCounts } from './nhs-number-count';
