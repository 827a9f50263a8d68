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

/** A school's own safeguarding concerns about a pupil (added in 2026.2; absent from earlier rules and policies). */
export const educationCategories = {
  SAFEGUARDING_CONCERN: { label: "School's safeguarding concern about a pupil" },
  DISCLOSURE: { label: 'Disclosure by a pupil to school staff' },
  CHILD_MISSING_EDUCATION: { label: 'Child missing education' },
  PERSISTENT_ABSENCE: { label: 'Persistent absence from school' },
  SUSPENSION_OR_EXCLUSION: { label: 'Suspension or permanent exclusion' },
  NEGLECT_INDICATORS: { label: 'Signs of neglect seen at school (hunger, hygiene, clothing)' },
  WELLBEING_CONCERN: { label: "Concern for a pupil's wellbeing or behaviour" },
} as const satisfies CodeList;

export const agencies = ['police', 'housing', 'health', 'education'] as const;
export type Agency = (typeof agencies)[number];

/**
 * Each agency once: how it is named (`name` in a sentence's first word, `publishers` where the
 * family reads who may share what) and its code list. Every display of an agency derives from here.
 */
export const agencyCodeLists = {
  police: { name: 'Police', publishers: 'The police', categories: policeCategories },
  housing: { name: 'Housing', publishers: 'Housing providers', categories: housingCategories },
  health: { name: 'Health', publishers: 'NHS health services', categories: healthCategories },
  education: { name: 'Education', publishers: 'Schools', categories: educationCategories },
} as const satisfies Record<Agency, Readonly<{ name: string; publishers: string; categories: CodeList }>>;

export const codeListByAgency = Object.fromEntries(agencies.map((agency) => [agency, agencyCodeLists[agency].categories])) as {
  readonly [A in Agency]: (typeof agencyCodeLists)[A]['categories'];
};

/** "Police", "Housing": the agency as the first word of a sentence. */
export const agencyName = (agency: Agency): string => agencyCodeLists[agency].name;
/** "police", "housing": the agency inside a sentence. */
export const agencyNameInText = (agency: Agency): string => agencyCodeLists[agency].name.toLowerCase();

export type PoliceCategory = keyof typeof policeCategories;
export type HousingCategory = keyof typeof housingCategories;
export type HealthCategory = keyof typeof healthCategories;
export type EducationCategory = keyof typeof educationCategories;

export function categoryInfo(agency: Agency, category: string): { label: string } | undefined {
  const list: CodeList = codeListByAgency[agency];
  return Object.prototype.hasOwnProperty.call(list, category) ? list[category] : undefined;
}

const keysOf = <T extends object>(object: T) => Object.keys(object) as [keyof T & string, ...(keyof T & string)[]];
export const policeCategoryCodes = keysOf(policeCategories);
export const housingCategoryCodes = keysOf(housingCategories);
export const healthCategoryCodes = keysOf(healthCategories);
export const educationCategoryCodes = keysOf(educationCategories);
