export { decideReview, getReview, listReviews, type ReviewDetail, type ReviewStatus, type ReviewSummary } from './review-queue';
