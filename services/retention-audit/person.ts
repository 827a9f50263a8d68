import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { calendarDate, pncId, postcode, uprn } from '../contracts';
import { LiveRiskError } from '../platform/errors';

/**
 * Who to look for, from a file so that names and identifiers stay off the command line and out of
 * shell history:
 *
 *   {
 *     "givenName": "Zoë", "familyName": "O'Brien-Hart", "dateOfBirth": "2014-03-09",
 *     "identifiers": { "nhsNumber": "943 476 5919", "pncId": "12/345678A", "memberId": "F0042-M3",
 *                      "uprn": "100023336956", "postcode": "BA1 1AA", "other": ["HT-77812"] }
 *   }
 *
 * Only the names are required. The file is read and held in memory, never written anywhere, and no
 * message below quotes a value from it (zod's messages name the field, not what it held).
 */
const identifierText = z
  .string()
  .trim()
  .refine((value) => value.replace(/[^\p{L}\p{N}]/gu, '').length >= 3, 'expected at least 3 letters or digits: a shorter id would match almost anything');

export const personFile = z
  .object({
    givenName: z.string().trim().min(1),
    familyName: z.string().trim().min(1),
    dateOfBirth: calendarDate.optional(),
    identifiers: z
      .object({
        nhsNumber: z
          .string()
          .transform((value) => value.replace(/[\s-]/g, ''))
          .pipe(z.string().regex(/^\d{10}$/, 'expected 10 digits (spaces and dashes allowed)'))
          .optional(),
        pncId: z.string().trim().toUpperCase().pipe(pncId).optional(),
        memberId: identifierText.optional(),
        uprn: uprn.optional(),
        postcode: postcode.optional(),
        other: z.array(identifierText).max(20).optional().describe("any other identifier an agency or the council used (a tenancy or case reference)"),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Person = Readonly<z.output<typeof personFile>>;

const hint = 'see `live-risk retention audit --help` for the person file (JSON: givenName, familyName, dateOfBirth, identifiers)';

export function parsePerson(json: unknown, source: string): Person {
  const parsed = personFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('\n');
  throw new LiveRiskError('INPUT_INVALID', `the person file ${source} is not valid:\n${problems}`, { hint });
}

export function readPersonFile(file: string): Person {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LiveRiskError('INPUT_INVALID', `cannot read the person file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, { hint });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text near the fault, which may be a name: say only where.
    throw new LiveRiskError('INPUT_INVALID', `the person file ${file} is not JSON`, { hint });
  }
  return parsePerson(json, file);
}
