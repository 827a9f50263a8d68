import { agencies, agencyCodeLists } from '../contracts';
import { html, SafeHtml } from '../digest/escape-html';
import { all, describeSuppression, figureKey, type SuppressionRule } from '../disclosure-control';
import { policyTables, type Policy } from '../policy';
import type { ScheduleSection } from '../retention';
import { transparencyCss } from './page-style';
import type { PageFigures, PageTable } from './page-figures';
import { monthName, type Period } from './months';

/**
 * The public transparency page: one static, self-contained HTML file (no scripts, inline CSS) a
 * council can put on its website. Headings in order, every table captioned with header cells
 * scoped, `lang`, and a suppressed count written `[c]` with its meaning (the Government
 * Statistical Service's symbol for a figure withheld to protect confidentiality). Every count
 * cell names its figure in `data-figure`, so anyone can check the published figures. Pure.
 */
export type PageContext = Readonly<{
  period: Period;
  policy: Policy;
  rulesVersion: string;
  digestVersions: Readonly<{ rules: readonly string[]; policies: readonly string[] }>;
  rule: SuppressionRule;
  /** The retention schedule in force, in words (services/retention). */
  retention: Readonly<{ version: string; sections: readonly ScheduleSection[] }>;
  generatedAt: Date;
}>;

const suppressedMark = (rule: SuppressionRule) =>
  html`<abbr title="not published: fewer than ${rule.threshold}, or withheld so that a smaller number cannot be worked out">[c]</abbr>`;

function retentionTable(sections: readonly ScheduleSection[]): SafeHtml {
  return html`<table>
<caption>The retention schedule: what we keep, for how long, and why</caption>
<thead><tr><th scope="col">Record</th><th scope="col">How long</th><th scope="col">Why</th></tr></thead>
<tbody>${sections.map((section) => html`<tr><th scope="row">${section.title}</th><td>${section.keep}</td><td>${section.reason}</td></tr>`)}</tbody>
</table>`;
}

export function renderTransparencyPage(page: PageFigures, context: PageContext): string {
  const { period, policy, rule } = context;
  const periodText = period.months.length === 1 ? monthName(period.months[0]) : `${monthName(period.months[0])} to ${monthName(period.months[period.months.length - 1])}`;
  const tables = policyTables(policy);
  const [levels, , justifications, agreements] = tables.sections;
  const body = html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How we share information about families we support: ${periodText}</title>
<style>${new SafeHtml(transparencyCss)}</style>
</head>
<body>
<main>
<h1>How we share information about families we support</h1>
<p>The council's Supporting Families programme works with families who face several problems at once. So that each family's
lead practitioner can help early, the police, housing providers, NHS services and schools tell us when something happens to
a family we support. This page says who sends us what, under which agreement, what we share and on what legal basis, how
long we keep it, and how much of it happened each month. It contains counts only, never information about a person.</p>
<div class="facts">
<dl>
<dt>Period</dt><dd>${periodText} (calendar months, UK time)</dd>
<dt>Sharing policy</dt><dd>version ${policy.version}, in force from ${policy.effectiveFrom}${context.digestVersions.policies.length ? html`; digests in the period used ${context.digestVersions.policies.join(', ')}` : ''}</dd>
<dt>Risk rules</dt><dd>version ${context.rulesVersion}${context.digestVersions.rules.length ? html`; digests in the period used ${context.digestVersions.rules.join(', ')}` : ''}</dd>
<dt>Small numbers</dt><dd>${describeSuppression(rule, page.figures)}</dd>
<dt>Produced</dt><dd>${context.generatedAt.toISOString().slice(0, 10)}</dd>
</dl>
</div>

<h2 id="who-sends-what">Who sends us what, and under which agreement</h2>
<p>Each organisation sends only these kinds of event, under a data-sharing agreement signed by it and the council.</p>
<table>
<caption>Kinds of event each agency sends</caption>
<thead><tr><th scope="col">Agency</th><th scope="col">Who sends</th><th scope="col">Kinds of event</th></tr></thead>
<tbody>
${agencies.filter((agency) => policy.agencies[agency]).map((agency) => html`<tr><th scope="row">${agencyCodeLists[agency].name}</th><td>${agencyCodeLists[agency].publishers}</td><td>${Object.values(agencyCodeLists[agency].categories).map((category) => category.label).join('; ')}</td></tr>
`)}</tbody>
</table>
${policyTable(agreements.heading, agreements.headers, agreements.rows)}

<h2 id="sharing-policy">What we share, with whom, and why</h2>
<p>A lead practitioner is the one worker who coordinates support for a family; a covering practitioner stands in for them;
a team manager oversees. For each kind of event the policy says how much each of them sees: <strong>full</strong> (the
event as the agency described it), <strong>summary</strong> (the kind of event, its dates and area, no description),
<strong>existence-only</strong> (only that the organisation recorded something, and whom to ask) or <strong>none</strong>.
Each level names the lawful basis it relies on: <strong>consent</strong> of the family, <strong>public task</strong>
(a duty in law), or <strong>vital interests</strong> (safeguarding: shared without consent where someone is at risk, and
recorded with the reason). Health information is special-category data: no one sees more than a summary of it.</p>
${policyTable(levels.heading, levels.headers, levels.rows)}
${justifications.rows.length ? policyTable(justifications.heading, justifications.headers, justifications.rows) : ''}

<h2 id="retention">How long we keep information</h2>
<p>Each kind of record has a set life, from the programme's retention schedule (version ${context.retention.version}).
Events agencies send about people who are not in a family we support are kept only as long as matching them needs,
then deleted.</p>
${retentionTable(context.retention.sections)}
<p>When a closed case's period ends, its records are removed from the programme's database, and the encryption key its
copies in the programme's own event log were locked with is destroyed, so nobody can read them again. The only exception
is a family under a recorded safeguarding hold, kept while the hold lasts.</p>

<h2 id="counts">What happened each month</h2>
<p>Counts for ${periodText}. ${suppressedMark(rule)} marks a count not published to protect the people it is about; zero means none.</p>
${page.tables.map((table) => countTable(table, page, context))}
<footer><p>Produced by live-risk from the programme's own records (counts only). Sharing policy ${policy.version}, risk rules ${context.rulesVersion}, retention schedule ${context.retention.version}; small numbers below ${rule.threshold} suppressed.</p></footer>
</main>
</body>
</html>
`;
  return body.value;
}

function policyTable(caption: string, headers: readonly string[], rows: readonly string[][]): SafeHtml {
  return html`<table>
<caption>${caption}</caption>
<thead><tr>${headers.map((header) => html`<th scope="col">${header}</th>`)}</tr></thead>
<tbody>
${rows.map((row) => html`<tr>${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>
`)}</tbody>
</table>
`;
}

function countTable(table: PageTable, page: PageFigures, context: PageContext): SafeHtml {
  const byKey = new Map(page.figures.map((figure) => [figure.key, figure]));
  const rows = [...context.period.months, ...(table.withTotalRow ? [all] : [])];
  const cell = (row: string, column: string) => {
    const key = figureKey({ measure: table.measure, dims: { ...table.fixed, [table.rowDimension]: row, ...(table.columnDimension ? { [table.columnDimension]: column } : {}) } });
    const figure = byKey.get(key);
    if (!figure) return html`<td class="count">–</td>`;
    return html`<td class="count" data-figure="${key}">${figure.shown === null ? suppressedMark(context.rule) : figure.shown.toLocaleString('en-GB')}</td>`;
  };
  return html`<table id="${table.id}">
<caption>${table.caption}</caption>
<thead><tr><th scope="col">Month</th>${table.columns.map((column) => html`<th scope="col">${column.label}</th>`)}</tr></thead>
<tbody>
${rows.map((row) => html`<tr${row === all ? html` class="total"` : ''}><th scope="row">${row === all ? `All ${context.period.months.length === 1 ? 'of the month' : `${context.period.months.length} months`}` : monthName(row)}</th>${table.columns.map((column) => cell(row, column.value))}</tr>
`)}</tbody>
</table>
`;
}
