import type { Agency, InvolvedPerson } from '../../services/contracts';
import type { CategoryOf } from './event-draft';

export type AgeBand = 'child' | 'teenager-or-adult' | 'adult' | 'any';

/**
 * Who each kind of incident is about, how often it happens, and a short neutral summary. A
 * `partnerRole` brings in a second adult of the household (the other party to domestic abuse).
 */
export type Casting = Readonly<{
  weight: number;
  ages: AgeBand;
  role: InvolvedPerson['role'];
  partnerRole?: InvolvedPerson['role'];
  summary: string;
}>;

export const castings: { readonly [A in Agency]: Readonly<Record<CategoryOf[A], Casting>> } = {
  police: {
    DOMESTIC_ABUSE: { weight: 15, ages: 'adult', role: 'victim', partnerRole: 'suspect', summary: 'Domestic incident reported at the address; officers attended and completed a risk assessment.' },
    CHILD_CONCERN: { weight: 8, ages: 'child', role: 'subject', summary: 'Officers raised a concern for a child after attending the address.' },
    MISSING_PERSON: { weight: 6, ages: 'child', role: 'subject', summary: 'Reported missing; later found safe and returned home.' },
    MENTAL_HEALTH_DETENTION: { weight: 5, ages: 'adult', role: 'subject', summary: 'Detained under s136 and taken to a place of safety.' },
    VIOLENT_CRIME: { weight: 12, ages: 'teenager-or-adult', role: 'victim', summary: 'Assault reported; enquiries ongoing.' },
    ARREST: { weight: 14, ages: 'teenager-or-adult', role: 'suspect', summary: 'Arrested and taken into custody; released under investigation.' },
    ANTI_SOCIAL_BEHAVIOUR: { weight: 25, ages: 'teenager-or-adult', role: 'subject', summary: 'Anti-social behaviour reported in the area; words of advice given.' },
    VICTIM_OF_CRIME: { weight: 15, ages: 'any', role: 'victim', summary: 'Recorded as the victim of a theft or criminal damage.' },
  },
  housing: {
    EVICTION_NOTICE: { weight: 6, ages: 'adult', role: 'tenant', summary: 'Notice seeking possession served.' },
    HOMELESSNESS_APPLICATION: { weight: 6, ages: 'adult', role: 'tenant', summary: 'Homelessness application opened.' },
    ANTI_SOCIAL_BEHAVIOUR_REPORT: { weight: 22, ages: 'teenager-or-adult', role: 'subject', summary: 'Neighbour reported anti-social behaviour linked to the address.' },
    RENT_ARREARS: { weight: 25, ages: 'adult', role: 'tenant', summary: 'Rent account in arrears; income officer to contact the tenant.' },
    PROPERTY_DAMAGE: { weight: 12, ages: 'adult', role: 'tenant', summary: 'Damage to the property found during a repair visit.' },
    NOISE_COMPLAINT: { weight: 19, ages: 'adult', role: 'tenant', summary: 'Noise complaint received from a neighbour.' },
    WELFARE_CONCERN: { weight: 10, ages: 'adult', role: 'tenant', summary: 'Housing officer concerned for the welfare of the household.' },
  },
  health: {
    MENTAL_HEALTH_CRISIS: { weight: 15, ages: 'adult', role: 'patient', summary: 'Seen by the crisis team; follow-up arranged.' },
    SELF_HARM: { weight: 10, ages: 'teenager-or-adult', role: 'patient', summary: 'Attended after self-harm; referred to the liaison team.' },
    SAFEGUARDING_REFERRAL: { weight: 12, ages: 'child', role: 'patient', summary: 'Safeguarding referral made by a health professional.' },
    EMERGENCY_ATTENDANCE: { weight: 30, ages: 'any', role: 'patient', summary: 'Attended the emergency department and was discharged.' },
    SUBSTANCE_MISUSE: { weight: 13, ages: 'adult', role: 'patient', summary: 'Contact with the substance-misuse service.' },
    WAS_NOT_BROUGHT: { weight: 20, ages: 'child', role: 'patient', summary: 'Child not brought to a booked appointment.' },
  },
  education: {
    SAFEGUARDING_CONCERN: { weight: 14, ages: 'child', role: 'subject', summary: 'Designated safeguarding lead recorded a concern after speaking with the pupil.' },
    DISCLOSURE: { weight: 6, ages: 'child', role: 'subject', summary: 'Pupil told a member of staff about something at home; passed to the safeguarding lead.' },
    CHILD_MISSING_EDUCATION: { weight: 4, ages: 'child', role: 'subject', summary: 'Pupil not seen at school for ten days and not reachable at home.' },
    PERSISTENT_ABSENCE: { weight: 30, ages: 'child', role: 'subject', summary: 'Attendance below 90% this term; attendance officer to contact the family.' },
    SUSPENSION_OR_EXCLUSION: { weight: 10, ages: 'child', role: 'subject', summary: 'Suspended for three days after an incident in class.' },
    NEGLECT_INDICATORS: { weight: 12, ages: 'child', role: 'subject', summary: 'Pupil arrived hungry and in unwashed clothes again this week.' },
    WELLBEING_CONCERN: { weight: 24, ages: 'child', role: 'subject', summary: 'Teacher noticed the pupil withdrawn and tired in lessons.' },
  },
};

const bands: Record<AgeBand, readonly [number, number]> = {
  child: [0, 17],
  'teenager-or-adult': [13, 120],
  adult: [18, 120],
  any: [0, 120],
};

export const ageRange = (band: AgeBand): readonly [number, number] => bands[band];
