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

export const personIdentifiers = z
  .object({
    nhsNumber: nhsNumber.optional(),
    pncId: pncId.optional(),
  })
  .strict();
