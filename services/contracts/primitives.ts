import { z } from 'zod';
import { text } from './text';

/** NHS number: 10 digits, the last a modulus-11 check digit (checked by the matcher, not here). */
export const nhsNumber = z.string().regex(/^\d{10}$/).describe('NHS number, 10 digits without spaces');

/** Police National Computer id: two-digit year / serial / check letter, e.g. 12/345678A. */
export const pncId = z
  .string()
  .regex(/^\d{2}\/\d{1,7}[A-Z]$/)
  .describe('PNC ID: YY/serial followed by a check letter, e.g. 12/345678A');

/** Unique Property Reference Number, up to 12 digits. */
export const uprn = z.string().regex(/^\d{1,12}$/).describe('UPRN, up to 12 digits');

export const postcode = z
  .string()
  .regex(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/)
  .describe('UK postcode, e.g. BA1 1AA');

export const identifier = text({ min: 1, max: 100 });

/** A school's unique reference number in Get Information about Schools (GIAS): six digits. */
export const schoolUrn = z.string().regex(/^\d{6}$/, 'expected a school URN, 6 digits').describe("a school's URN (Get Information about Schools), 6 digits");

export const address = z
  .object({
    line1: text({ min: 1, max: 200 }).describe('house number and street'),
    line2: text({ max: 200 }).optional(),
    town: text({ max: 100 }).optional(),
    postcode: postcode,
    uprn: uprn.optional().describe('UPRN where the agency knows it'),
  })
  .strict();
export type Address = z.infer<typeof address>;

/**
 * How far the NHS number has been checked against the national register (PDS), as NHS England
 * codes it: the NHS Data Dictionary's NHS NUMBER STATUS INDICATOR CODE, carried in FHIR by UK
 * Core's Extension-UKCore-NHSNumberVerificationStatus. Only 01 means the number was traced and
 * verified; the matcher treats every other as weaker evidence (services/matcher/nhs-verification.ts).
 */
export const nhsNumberVerificationStatuses = {
  '01': 'Number present and verified',
  '02': 'Number present but not traced',
  '03': 'Trace required',
  '04': 'Trace attempted - No match or multiple match found',
  '05': 'Trace needs to be resolved - (NHS Number or patient detail conflict)',
  '06': 'Trace in progress',
  '07': 'Number not present and trace not required',
  '08': 'Trace postponed (baby under six weeks old)',
} as const;
export type NhsNumberVerificationStatus = keyof typeof nhsNumberVerificationStatuses;
export const nhsNumberVerificationStatus = z
  .enum(Object.keys(nhsNumberVerificationStatuses) as [NhsNumberVerificationStatus, ...NhsNumberVerificationStatus[]])
  .describe(`NHS number verification status (NHS England codes): ${Object.entries(nhsNumberVerificationStatuses).map(([code, label]) => `${code} ${label}`).join('; ')}`);

export const personIdentifiers = z
  .object({
    nhsNumber: nhsNumber.optional(),
    nhsNumberVerificationStatus: nhsNumberVerificationStatus
      .optional()
      .describe('how far the NHS number was verified; absent when the agency does not say (01 = verified)'),
    pncId: pncId.optional(),
  })
  .strict();
