import { agencyName, categoryInfo, type Agency } from '../contracts';
import { html, SafeHtml } from '../digest/escape-html';
import type { CriterionSummary, CriteriaReport } from './report';

/**
 * The criteria report as governance reads it: Markdown for a paper or a ticket, a self-contained HTML
 * page, or the JSON document itself (what the report id is the hash of). All three say the same:
 * the period, the criteria, rule and policy versions, what suppression was applied, and households
 * only as pseudonyms.
 */
export type ReportFormat = 'md' | 'html' | 'json';

const whose = (criterion: CriterionSummary) => (criterion.counts === 'person' ? 'one member' : 'the household (any member)');

function eventsInWords(criterion: CriterionSummary): string {
  return criterion.events
    .map(({ agency, categories }) => {
      const name = agencyName(agency as Agency);
      if (!categories) return `${name}: any category`;
      return `${name}: ${categories.map((code) => categoryInfo(agency as Agency, code)?.label ?? code).join(', ')}`;
    })
    .join('; ');
}

const ruleWords = (criterion: CriterionSummary) =>
  `at least ${criterion.minEvents} event${criterion.minEvents === 1 ? '' : 's'} of ${whose(criterion)} from ${criterion.period.from} to ${criterion.period.to} (${criterion.withinDays} days)`;

const versions = (report: CriteriaReport) => [
  ['Report id', report.reportId],
  ['As of', `${report.content.asOf} (history as it had reached us by ${report.content.knownAt})`],
  ['Criteria', `version ${report.content.criteriaVersion} (sha256 ${report.content.criteriaHash.slice(0, 12)})`],
  ['Risk rules in force', report.content.ruleSetVersion ?? 'none recorded by then'],
  ['Sharing policy in force', report.content.policyVersion ?? 'none recorded by then'],
  ['Content hash', report.contentHash],
  ['Households', 'pseudonymised (keyed pseudonyms; nothing here names or identifies anyone)'],
  ['Suppression', report.content.suppression],
];

const thresholdsLine = (criterion: CriterionSummary) => criterion.atThresholds.map((t) => `≥ ${t.minEvents}: ${t.households}`).join(', ');

/** Table cells written by an analyst (a criterion's words) must not break the Markdown table. */
const cell = (value: string | number) => String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

export function reportMarkdown(report: CriteriaReport): string {
  const c = report.content;
  const lines = [
    `# ${cell(c.title)}`,
    '',
    'Pseudonymised: for the programme\'s governance to approve before anyone is contacted. No household is identified until an approval of this report id is recorded.',
    '',
    '| | |',
    '|---|---|',
    ...versions(report).map(([name, value]) => `| ${name} | ${cell(value)} |`),
    '',
    ...(c.criteriaDescription ? [cell(c.criteriaDescription), ''] : []),
    `## Households meeting each criterion (of ${c.householdsInProgramme} in the programme on ${c.asOf})`,
    '',
    `| criterion | what it counts | rule | households | if the minimum were (${c.thresholds.map((t) => `≥ ${t}`).join(', ') || 'no thresholds asked'}) |`,
    '|---|---|---|---:|---|',
    ...c.criteria.map((criterion) => `| ${cell(criterion.id)}: ${cell(criterion.says)} | ${cell(eventsInWords(criterion))} | ${cell(ruleWords(criterion))} | ${criterion.households} | ${cell(thresholdsLine(criterion))} |`),
    '',
    `Households meeting at least one criterion: **${c.householdsMeetingAny}**.`,
    '',
    '## Combinations of criteria met',
    '',
    '| criteria met | households |',
    '|---|---:|',
    ...(c.combinations.length ? c.combinations.map((row) => `| ${cell(row.criteria.join(' + '))} | ${row.households} |`) : ['| (none) | 0 |']),
    '',
    '## Households (pseudonyms)',
    '',
    '| household | criteria met | events counted |',
    '|---|---|---|',
    ...c.households.map((row) => `| ${row.household} | ${cell(row.criteria.join(', '))} | ${cell(Object.entries(row.counts).map(([id, n]) => `${id}: ${n}`).join(', '))} |`),
    '',
    `To approve: \`live-risk criteria approve --report-id ${report.reportId} --by NAME --reason TEXT\`.`,
    '',
  ];
  return lines.join('\n');
}

// Our own constant, not data: markup as it is.
const style = new SafeHtml(`body{font-family:system-ui,sans-serif;color:#0b0c0c;background:#fff;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #505a5f;padding:.3rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right}th{background:#f3f2f1}caption{text-align:left;font-weight:bold;padding:.3rem 0}code{font-size:1rem}`);

const table = (caption: string, headings: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): SafeHtml =>
  html`<table><caption>${caption}</caption><thead><tr>${headings.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
    (row) => html`<tr>${row.map((value) => (typeof value === 'number' ? html`<td class="n">${value}</td>` : html`<td>${value}</td>`))}</tr>`,
  )}</tbody></table>`;

export function reportHtml(report: CriteriaReport): string {
  const c = report.content;
  const page = html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${c.title}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>${c.title}</h1>
<p>Pseudonymised: for the programme's governance to approve before anyone is contacted. No household is identified until an approval of this report id is recorded.</p>
<table><caption>About this report</caption><tbody>${versions(report).map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}</tbody></table>
${c.criteriaDescription ? html`<p>${c.criteriaDescription}</p>` : ''}
<h2>Households meeting each criterion</h2>
${table(
  `Of ${c.householdsInProgramme} households in the programme on ${c.asOf}`,
  ['criterion', 'what it counts', 'rule', 'households', `if the minimum were (${c.thresholds.map((t) => `≥ ${t}`).join(', ') || 'no thresholds asked'})`],
  c.criteria.map((criterion) => [`${criterion.id}: ${criterion.says}`, eventsInWords(criterion), ruleWords(criterion), criterion.households, thresholdsLine(criterion)]),
)}
<p>Households meeting at least one criterion: <strong>${c.householdsMeetingAny}</strong>.</p>
<h2>Combinations of criteria met</h2>
${table('Households by the exact set of criteria they meet', ['criteria met', 'households'], c.combinations.length ? c.combinations.map((row) => [row.criteria.join(' + '), row.households]) : [['(none)', 0]])}
<h2>Households (pseudonyms)</h2>
${table('Each household meeting a criterion, by pseudonym', ['household', 'criteria met', 'events counted'], c.households.map((row) => [row.household, row.criteria.join(', '), Object.entries(row.counts).map(([id, n]) => `${id}: ${n}`).join(', ')]))}
<p>To approve: <code>live-risk criteria approve --report-id ${report.reportId} --by NAME --reason TEXT</code></p>
</main>
</body>
</html>
`;
  return page.value;
}

export function reportJson(report: CriteriaReport): string {
  return `${JSON.stringify({ reportId: report.reportId, contentHash: report.contentHash, ...report.content }, null, 2)}\n`;
}

export function renderReport(report: CriteriaReport, format: ReportFormat): string {
  switch (format) {
    case 'md':
      return reportMarkdown(report);
    case 'html':
      return reportHtml(report);
    case 'json':
      return reportJson(report);
  }
}
