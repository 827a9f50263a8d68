import { z } from 'zod';
import { agencies, type Agency } from './code-lists';

/** A strict object with one key per agency of the code list, each holding `entry` (rules and policy files use it). */
export const perAgency = <T extends z.ZodType>(entry: T) => z.object(Object.fromEntries(agencies.map((agency) => [agency, entry])) as Record<Agency, T>).strict();
