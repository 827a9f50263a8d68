import { agencyName, categoryInfo } from '../../contracts';
import { escapeHtml } from '../../digest/escape-html';
import { readableDate, readableInstant } from '../../digest/readable-time';
import { probabilityForScore } from '../../linkage';
import type { ReviewSummary } from '../../review';
import type { PersonAsRecorded } from '../../review';
import type { DecisionForm, ReviewPageView, ReviewView } from '../reviews';
import { csrfField, page, type Viewer } from './layout';

/**
 * The reviewer's screens: the open reviews, oldest first, and a page per review with the person as
 * the agency described them beside the cohort member they may be, how alike they are in the words
 * `live-risk review show` uses (the matcher's explanation and each comparison's weight), and the
 * form to confirm or reject. The agency's narrative is not shown: who someone is, not what happened
 * to them, decides a match.
 */
export const reviewPath = (reviewId: string): string => `/reviews/${encodeURIComponent(reviewId)}`;
export const decisionPath = (reviewId: string): string => `${reviewPath(reviewId)}/decision`;

/** "87% likely", from the score (log2 posterior odds); never 100%, since review means uncertain. */
export const likelihood = (score: number): string => `${Math.min(99, Math.max(1, Math.round(probabilityForScore(score) * 100)))}% likely`;

export function reviewsPage(viewer: Viewer, reviews: readonly ReviewSummary[]): string {
  const body = reviews.length
    ? `<table>
<caption>Open reviews, oldest first</caption>
<thead><tr><th scope="col">Asked for</th><th scope="col">Same person?</th></tr></thead>
<tbody>
${reviews
  .map((r) => `<tr><td class="text"><a href="${escapeHtml(reviewPath(r.reviewId))}">${escapeHtml(readableInstant(r.requestedAt.toISOString()))}</a></td><td class="text">${escapeHtml(likelihood(r.score))}</td></tr>`)
  .join('\n')}
</tbody>
</table>`
    : '<p>There are no open reviews.</p>';
  return page(
    'Reviews',
    `<h1>Reviews</h1>
<p>Each review is a person in an agency's record who is likely, but not certainly, someone in the cohort. Until someone decides, nothing about the record reaches a digest. A confirmation links it to the family, and it is in the next digest; a rejection links nothing.</p>
${body}`,
    viewer,
  );
}

export type ReviewPageState = Readonly<{ problem?: string; form?: Partial<DecisionForm> }>;

/** The agency's side of the comparison: the person while the agency topic holds the event, and why not after. */
function recordCell(person: PersonAsRecorded, value: (held: Extract<PersonAsRecorded, { kind: 'held' }>['person']) => string): string {
  if (person.kind === 'held') return `<td class="text">${escapeHtml(value(person.person))}</td>`;
  return `<td class="text">${person.kind === 'expired' ? "No longer held: the agency's record has passed its retention period" : "Not found in the agency's record"}</td>`;
}

export function reviewPage(viewer: Viewer, view: ReviewPageView, state: ReviewPageState = {}): string {
  const { review, candidate, person } = view;
  const { request } = review;
  const { event } = request;
  const category = categoryInfo(event.agency, event.category)?.label ?? event.category;
  const cohortCell = (value: string | null | undefined) => `<td class="text">${candidate ? escapeHtml(value ?? 'Not recorded') : 'No longer in the cohort'}</td>`;
  const side = `<table>
<caption>The person in the agency's record, and the cohort member they may be</caption>
<thead><tr><th scope="col"></th><th scope="col">In the record from ${escapeHtml(event.organisation)}</th><th scope="col">In the cohort</th></tr></thead>
<tbody>
<tr><th scope="row">Name</th>${recordCell(person, (held) => `${held.givenName} ${held.familyName}`)}${cohortCell(candidate && `${candidate.givenName} ${candidate.familyName}`)}</tr>
<tr><th scope="row">Date of birth</th>${recordCell(person, (held) => (held.dateOfBirth ? readableDate(held.dateOfBirth) : 'Not given'))}${cohortCell(candidate?.dateOfBirth && readableDate(candidate.dateOfBirth))}</tr>
<tr><th scope="row">Role or family</th><td class="text">${escapeHtml(request.person.role)}</td>${cohortCell(candidate && `family ${candidate.familyReference}${candidate.removed ? ' (since removed from the family)' : ''}`)}</tr>
<tr><th scope="row">Identifiers held</th><td class="text">See the comparisons below</td>${cohortCell(candidate && heldIdentifiers(candidate))}</tr>
</tbody>
</table>`;
  const weights = request.contributions
    .map((c) => `<tr><th scope="row">${escapeHtml(c.comparison)}</th><td class="text">${escapeHtml(c.level)}</td><td class="text">${escapeHtml(weightWords(c.weight))}</td></tr>`)
    .join('\n');
  return page(
    state.problem ? 'Error: Is this the same person?' : 'Is this the same person?',
    `<h1>Is this the same person?</h1>
${state.problem ? errorSummary(state.problem) : ''}<p>Recorded by ${escapeHtml(event.organisation)} (${escapeHtml(agencyName(event.agency))}): ${escapeHtml(category)}, on ${escapeHtml(readableInstant(event.occurredAt))}, in ${escapeHtml(event.postcodeDistrict)}${request.context === 'history' ? ', found again when the cohort changed (a confirmation is background, not a new risk)' : ''}.</p>
${side}
<h2>How alike they are</h2>
<p>${escapeHtml(request.explanation)}: ${escapeHtml(likelihood(request.score))} to be the same person (score ${escapeHtml(request.score.toFixed(2))}).</p>
<table>
<caption>What each comparison added to the score</caption>
<thead><tr><th scope="col">Comparison</th><th scope="col">Found</th><th scope="col">Weight</th></tr></thead>
<tbody>
${weights}
</tbody>
</table>
${review.decision ? decided(review.decision) : decisionForm(viewer, review.reviewId, state.form ?? {})}`,
    viewer,
  );
}

function heldIdentifiers(candidate: NonNullable<ReviewView['candidate']>): string {
  const held = [candidate.nhsNumberHeld ? 'NHS number' : '', candidate.pncIdHeld ? 'police national computer number' : ''].filter(Boolean);
  return held.length ? held.join(', ') : 'None';
}

/** A weight in words: which way it points, and how strongly (log2 Bayes-factor units). */
export function weightWords(weight: number): string {
  if (Math.abs(weight) < 0.005) return 'neither way (0.00)';
  return weight > 0 ? `towards the same person (+${weight.toFixed(2)})` : `towards different people (${weight.toFixed(2)})`;
}

function errorSummary(problem: string): string {
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">The decision was not recorded</h2>
<p><a href="#decision-reason">${escapeHtml(problem)}</a></p>
</div>\n`;
}

function decided(decision: NonNullable<ReviewView['review']['decision']>): string {
  return `<h2>Decision</h2>
<p class="acknowledged">${decision.decision === 'confirmed' ? 'Confirmed: the same person' : 'Rejected: not the same person'}, by ${escapeHtml(decision.decidedBy)} on ${escapeHtml(readableInstant(decision.decidedAt))}.</p>
${decision.reason ? `<p>Reason: ${escapeHtml(decision.reason)}</p>` : ''}`;
}

function decisionForm(viewer: Viewer, reviewId: string, form: Partial<DecisionForm>): string {
  const checked = (value: string) => (form.decision === value ? ' checked' : '');
  return `<h2>Your decision</h2>
<form method="post" action="${escapeHtml(decisionPath(reviewId))}">
${csrfField(viewer.csrfToken)}
<fieldset>
<legend>Is the person in the record the cohort member?</legend>
<div><input type="radio" id="decision-confirm" name="decision" value="confirm"${checked('confirm')}><label for="decision-confirm" class="inline">Yes, the same person: confirm</label></div>
<div><input type="radio" id="decision-reject" name="decision" value="reject"${checked('reject')}><label for="decision-reject" class="inline">No, a different person: reject</label></div>
</fieldset>
<label for="decision-reason">Reason (required to reject)</label>
<textarea id="decision-reason" name="reason" rows="3" maxlength="1000">${escapeHtml(form.reason ?? '')}</textarea>
<div><button type="submit">Record decision</button></div>
</form>`;
}
