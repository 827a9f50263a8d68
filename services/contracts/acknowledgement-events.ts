import { z } from 'zod';
import { instant } from './dates';
import { identifier } from './primitives';

/**
 * A lead (or covering) practitioner saying "I have read this item and am acting on it", from the
 * portal. An event like every other fact here, so replaying acknowledgements.v1 rebuilds who
 * acknowledged what and when, and the audit log can point at it.
 */
export const itemAcknowledged = z
  .object({
    type: z.literal('item.acknowledged'),
    acknowledgementId: identifier.describe('deterministic: one per practitioner and item, so acknowledging twice is one acknowledgement'),
    practitionerId: identifier.describe('who acknowledged it'),
    matchId: identifier.describe('the digest item (match id) acknowledged'),
    familyId: identifier,
    digestId: identifier.describe('the digest the item was read in'),
    acknowledgedAt: instant,
  })
  .strict();
export type ItemAcknowledged = Readonly<z.infer<typeof itemAcknowledged>>;

/** Every event on acknowledgements.v1; a union of one today, so new kinds extend it without a new topic. */
export const acknowledgementEvent = z.discriminatedUnion('type', [itemAcknowledged]);
export type AcknowledgementEvent = Readonly<z.infer<typeof acknowledgementEvent>>;
