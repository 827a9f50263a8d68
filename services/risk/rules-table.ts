import { agencies, categoryInfo } from '../contracts';
import type { RuleSet } from './rule-set';

export type RulesTables = Readonly<{
  title: string;
  sections: ReadonlyArray<{ heading: string; headers: string[]; rows: string[][] }>;
}>;

/** The rule set as tables a programme manager can read: base levels, agency thresholds, wider picture. */
export function rulesTables(rules: RuleSet): RulesTables {
  // An archived rule set may lack agencies that joined later: it had no rules for them.
  const present = agencies.flatMap((agency) => {
    const ofAgency = rules.agencies[agency];
    return ofAgency ? [{ agency, ...ofAgency }] : [];
  });
  const base = present.flatMap(({ agency, categories }) =>
    Object.entries(categories).map(([code, level]) => [
      `${agency}.${code}`,
      agency,
      categoryInfo(agency, code)?.label ?? code,
      level,
    ]),
  );
  const thresholds = present.flatMap(({ agency, thresholds: ofAgency }) =>
    ofAgency.map((rule) => [
      rule.id,
      agency,
      rule.categories ? rule.categories.join(', ') : 'any category',
      `${rule.minEvents} or more within ${rule.withinDays} days`,
      rule.raisesTo,
      rule.says,
    ]),
  );
  const wider = rules.widerPicture.map((rule) => [
    rule.id,
    `events from ${rule.minAgencies} or more agencies within ${rule.withinDays} days`,
    rule.raisesTo,
    rule.says,
  ]);
  const urgent = rules.urgent.map((rule) => [
    rule.id,
    rule.agency,
    rule.categories.map((code) => categoryInfo(rule.agency, code)?.label ?? code).join(', '),
    [
      rule.linkedChildUnder !== undefined ? `a linked member under ${rule.linkedChildUnder}` : '',
      rule.minEvents !== undefined ? `${rule.minEvents} or more within ${rule.withinHours} hours` : '',
    ].filter(Boolean).join('; ') || 'any one',
    rule.says,
  ]);
  return {
    title: `Risk rules, version ${rules.version}${rules.description ? ` — ${rules.description}` : ''}`,
    sections: [
      { heading: 'Base level of each event, set by the agency that reports it', headers: ['Rule', 'Agency', 'Category', 'Level'], rows: base },
      { heading: "Each agency's own thresholds for a family's repeated events", headers: ['Rule', 'Agency', 'Counts', 'When', 'Raises family to', 'Says'], rows: thresholds },
      { heading: 'The wider picture, across agencies', headers: ['Rule', 'When', 'Raises family to', 'Says'], rows: wider },
      { heading: 'Urgent: alerts the lead practitioner (or the duty team at night) at once, besides the digest', headers: ['Rule', 'Agency', 'Categories', 'When', 'Says'], rows: urgent },
    ],
  };
}
