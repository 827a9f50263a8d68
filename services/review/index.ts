export { decideReview, getReview, listReviews, type ReviewDetail, type ReviewStatus, type ReviewSummary } from './review-queue';
export { personAsRecorded, withoutPersonDetails, type AgencyPerson, type PersonAsRecorded } from './agency-person';
