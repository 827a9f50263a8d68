/**
 * The published code lists: one per agency. Agencies record the same things differently; these
 * shared definitions are what make drawing information together possible. Each code carries the
 * base risk level the skeleton's simple risk rating uses (issue 4 makes rules configurable).
 *
 * Changing a code is a breaking change for publishers: add new codes, never rename or remove.
 */
export const riskLevels = ['high', 'medium', 'low', 'information'] as const;
export type RiskLevel = (typeof riskLevels)[number];

type CodeList = Readonly<Record<string, Readonly<{ label: string; baseLevel: RiskLevel }>>>;

export const policeCategories = {
  DOMESTIC_ABUSE: { label: 'Domestic abuse incident', baseLevel: 'high' },
  CHILD_CONCERN: { label: 'Concern for a child', baseLevel: 'high' },
  MISSING_PERSON: { label: 'Missing person', baseLevel: 'high' },
  MENTAL_HEALTH_DETENTION: { label: 'Mental-health detention (s136) or crisis call-out', baseLevel: 'high' },
  VIOLENT_CRIME: { label: 'Violent crime', baseLevel: 'medium' },
  ARREST: { label: 'Arrest', baseLevel: 'medium' },
  ANTI_SOCIAL_BEHAVIOUR: { label: 'Anti-social behaviour', baseLevel: 'low' },
  VICTIM_OF_CRIME: { label: 'Victim of crime', baseLevel: 'low' },
} as const satisfies CodeList;

export const housingCategories = {
  EVICTION_NOTICE: { label: 'Notice seeking possession or eviction', baseLevel: 'high' },
  HOMELESSNESS_APPLICATION: { label: 'Homelessness application', baseLevel: 'medium' },
  ANTI_SOCIAL_BEHAVIOUR_REPORT: { label: 'Anti-social behaviour report', baseLevel: 'medium' },
  RENT_ARREARS: { label: 'Rent arrears', baseLevel: 'low' },
  PROPERTY_DAMAGE: { label: 'Damage to the property', baseLevel: 'low' },
  NOISE_COMPLAINT: { label: 'Noise complaint', baseLevel: 'low' },
  WELFARE_CONCERN: { label: 'Tenancy welfare concern', baseLevel: 'medium' },
} as const satisfies CodeList;

export const healthCategories = {
  MENTAL_HEALTH_CRISIS: { label: 'Mental-health crisis contact', baseLevel: 'high' },
  SELF_HARM: { label: 'Self-harm presentation', baseLevel: 'high' },
  SAFEGUARDING_REFERRAL: { label: 'Safeguarding referral', baseLevel: 'high' },
  EMERGENCY_ATTENDANCE: { label: 'Emergency department attendance', baseLevel: 'medium' },
  SUBSTANCE_MISUSE: { label: 'Substance-misuse contact', baseLevel: 'medium' },
  WAS_NOT_BROUGHT: { label: 'Child not brought to an appointment', baseLevel: 'low' },
} as const satisfies CodeList;

export const agencies = ['police', 'housing', 'health'] as const;
export type Agency = (typeof agencies)[number];

export const codeListByAgency = {
  police: policeCategories,
  housing: housingCategories,
  health: healthCategories,
} as const satisfies Record<Agency, CodeList>;

export type PoliceCategory = keyof typeof policeCategories;
export type HousingCategory = keyof typeof housingCategories;
export type HealthCategory = keyof typeof healthCategories;

export function categoryInfo(agency: Agency, category: string): { label: string; baseLevel: RiskLevel } | undefined {
  const list: CodeList = codeListByAgency[agency];
  return Object.prototype.hasOwnProperty.call(list, category) ? list[category] : undefined;
}

const keysOf = <T extends object>(object: T) => Object.keys(object) as [keyof T & string, ...(keyof T & string)[]];
export const policeCategoryCodes = keysOf(policeCategories);
export const housingCategoryCodes = keysOf(housingCategories);
export const healthCategoryCodes = keysOf(healthCategories);
