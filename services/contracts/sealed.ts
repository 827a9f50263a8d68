import { z } from 'zod';

/**
 * Crypto-shredding on the wire (issue 14, erasure). The personal fields of an event about a family
 * travel encrypted with that family's own key; erasing the family destroys the key, and every copy
 * of those fields in Kafka becomes noise without rewriting the immutable log.
 *
 *   "sealed": { "v": 1, "iv": "<12 bytes, base64>", "tag": "<16 bytes, base64>", "data": "<base64>" }
 *
 * `data` is AES-256-GCM over the JSON of the fields that were taken out of the object holding
 * `sealed`, with the family id as additional authenticated data (a sealed part cannot be moved to
 * another family). Readers open it through services/sealing (`openSealed`), the only place that
 * knows the keys. Events published before sealing carry the fields in clear and are read as they are.
 */
export const sealedBox = z
  .object({
    v: z.literal(1),
    iv: z.base64().describe('AES-GCM nonce, 12 bytes'),
    tag: z.base64().describe('AES-GCM authentication tag, 16 bytes'),
    data: z.base64().describe("the sealed fields as JSON, encrypted with the family's key"),
  })
  .strict()
  .describe("personal fields encrypted with the family's key; unreadable once the family is erased");
export type SealedBox = z.infer<typeof sealedBox>;

/**
 * The wire form of an object whose `fields` may be sealed: each of them optional (absent when sealed)
 * and an optional `sealed`. Only the registered JSON Schema uses it; code works on the opened event.
 * BACKWARD-compatible with the clear form: fields made optional and one optional field added.
 */
export function sealableOnWire(variant: z.ZodObject, fields: readonly string[]): z.ZodObject {
  const mask = Object.fromEntries(fields.map((field) => [field, true] as const));
  return variant.partial(mask as never).extend({ sealed: sealedBox.optional() });
}
