import { z } from 'zod';
import { instant } from './dates';
import { sourcePosition } from './derived-events';
import { identifier } from './primitives';
import { text } from './text';

export const deadLetterReasons = [
  'NOT_DECODABLE',
  'UNKNOWN_SCHEMA_ID',
  'WRONG_SCHEMA_FOR_TOPIC',
  'SCHEMA_INVALID',
  'EMPTY_MESSAGE',
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const deadLettered = z
  .object({
    type: z.literal('dead-letter'),
    deadLetterId: identifier,
    source: sourcePosition,
    key: base64.nullable().describe('original key, base64'),
    value: base64.nullable().describe('original value bytes, base64'),
    reasonCode: z.enum(deadLetterReasons),
    reason: text().describe('what is wrong and what the publisher should do'),
    deadLetteredAt: instant,
  })
  .strict();
export type DeadLettered = Readonly<z.infer<typeof deadLettered>>;
