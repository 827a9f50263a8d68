import { z } from 'zod';
import { agencies, calendarDate, text, type Agency } from '../contracts';

/**
 * The data-sharing agreement each agency's part of the policy implements, as signed. Modelled on
 * Dorset's Information Sharing Charter (DISC): a charter every partner signs once, and per purpose
 * a Personal Information Sharing Agreement with a reference, the signatories of each organisation
 * (by role: Senior Information Risk Owner, Caldicott Guardian, Data Protection Officer …), the date
 * it took effect and the date it must be reviewed by.
 *
 *   "agreement": { "reference": "DISC-PISA-2026-003",
 *                  "title": "Supporting Families: police incidents",
 *                  "signatories": [ { "organisation": "Avon and Wessex Police", "role": "Senior Information Risk Owner" },
 *                                   { "organisation": "Avonford Council", "role": "Data Protection Officer" } ],
 *                  "startDate": "2026-01-01", "reviewDate": "2027-01-01" }
 *
 * An agreement past its review date is reported (status, metrics); it stops nothing, since
 * withholding safeguarding information because paperwork is late would itself cause harm.
 */
const signatory = z
  .object({
    organisation: text({ min: 2, max: 200 }).describe('the signing organisation'),
    role: text({ min: 2, max: 200 }).describe('the role of the person who signed for it, e.g. Senior Information Risk Owner'),
  })
  .strict();

export const sharingAgreement = z
  .object({
    reference: text({ min: 1, max: 100 }).describe("the agreement's own reference, e.g. DISC-PISA-2026-003"),
    title: text({ min: 3, max: 200 }).optional(),
    signatories: z.array(signatory).min(2, 'an agreement is signed by at least two organisations: the agency and the council'),
    startDate: calendarDate.describe('when the agreement took effect'),
    reviewDate: calendarDate.describe('when the partners must review it; past this date it is reported as overdue'),
  })
  .strict()
  .refine((agreement) => agreement.reviewDate > agreement.startDate, { message: 'the review date must come after the start date', path: ['reviewDate'] });
export type SharingAgreement = Readonly<z.infer<typeof sharingAgreement>>;

export type AgreementStanding = Readonly<{
  agency: Agency;
  reference: string;
  reviewDate: string;
  /** Whole days past the review date (0 on the review date itself, which is not yet overdue). */
  daysOverdue: number;
  overdue: boolean;
}>;

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/**
 * Every agency's agreement against `today` (a London calendar date), in code-list order. Agencies
 * whose part of the policy records no agreement (archived files) are left out. Pure.
 */
export function agreementStandings(policy: Readonly<{ agencies: Partial<Record<Agency, { agreement?: SharingAgreement } | undefined>> }>, today: string): AgreementStanding[] {
  return agencies.flatMap((agency) => {
    const agreement = policy.agencies[agency]?.agreement;
    if (!agreement) return [];
    const daysOverdue = Math.max(0, daysBetween(agreement.reviewDate, today));
    return [{ agency, reference: agreement.reference, reviewDate: agreement.reviewDate, daysOverdue, overdue: daysOverdue > 0 }];
  });
}
