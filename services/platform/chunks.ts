/**
 * PostgreSQL refuses a statement with more than 65,535 bind parameters (the count is a 16-bit field
 * of the wire protocol's Bind message), so a multi-row INSERT, or an IN list, whose length follows
 * the data (the cohort, a day's events) must be split. 1,000 rows of up to 65 columns stay within it;
 * a caller with wider rows or large payloads passes a smaller size.
 */
export const rowsPerStatement = 1000;

/** `items` in consecutive slices of at most `size`, in order; none for an empty list. */
export function* chunks<T>(items: readonly T[], size: number = rowsPerStatement): Generator<T[]> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive whole number, not ${size}`);
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
