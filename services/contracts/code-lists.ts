/**
 * The published code lists: one per agency. Agencies record the same things differently; these
 * shared definitions are what make drawing information together possible. How serious each code is
 * lives in the risk rules (services/risk/rule-sets), agreed and versioned apart from the codes.
 *
 * Changing a code is a breaking change for publishers: add new codes, never rename or remove.
 */
export const riskLevels = ['high', 'medium', 'low', 'information'] as const;
export type RiskLevel = (typeof riskLevels)[number];

type CodeList = Readonly<Record<string, Readonly<{ label: string }>>>;

export const policeCategories = {
  DOMESTIC_ABUSE: { label: 'Domestic abuse incident' },
  CHILD_CONCERN: { label: 'Concern for a child' },
  MISSING_PERSON: { label: 'Missing person' },
  MENTAL_HEALTH_DETENTION: { label: 'Mental-health detention (s136) or crisis call-out' },
  VIOLENT_CRIME: { label: 'Violent crime' },
  ARREST: { label: 'Arrest' },
  ANTI_SOCIAL_BEHAVIOUR: { label: 'Anti-social behaviour' },
  VICTIM_OF_CRIME: { label: 'Victim of crime' },
} as const satisfies CodeList;

export const housingCategories = {
  EVICTION_NOTICE: { label: 'Notice seeking possession or eviction' },
  HOMELESSNESS_APPLICATION: { label: 'Homelessness application' },
  ANTI_SOCIAL_BEHAVIOUR_REPORT: { label: 'Anti-social behaviour report' },
  RENT_ARREARS: { label: 'Rent arrears' },
  PROPERTY_DAMAGE: { label: 'Damage to the property' },
  NOISE_COMPLAINT: { label: 'Noise complaint' },
  WELFARE_CONCERN: { label: 'Tenancy welfare concern' },
} as const satisfies CodeList;

export const healthCategories = {
  MENTAL_HEALTH_CRISIS: { label: 'Mental-health crisis contact' },
  SELF_HARM: { label: 'Self-harm presentation' },
  SAFEGUARDING_REFERRAL: { label: 'Safeguarding referral' },
  EMERGENCY_ATTENDANCE: { label: 'Emergency department attendance' },
  SUBSTANCE_MISUSE: { label: 'Substance-misuse contact' },
  WAS_NOT_BROUGHT: { label: 'Child not brought to an appointment' },
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

export function categoryInfo(agency: Agency, category: string): { label: string } | undefined {
  const list: CodeList = codeListByAgency[agency];
  return Object.prototype.hasOwnProperty.call(list, category) ? list[category] : undefined;
}

const keysOf = <T extends object>(object: T) => Object.keys(object) as [keyof T & string, ...(keyof T & string)[]];
export const policeCategoryCodes = keysOf(policeCategories);
export const housingCategoryCodes = keysOf(housingCategories);
export const healthCategoryCodes = keysOf(healthCategories);
