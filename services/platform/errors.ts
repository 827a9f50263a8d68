/**
 * The one error hierarchy of live-risk. Every error carries a code from a closed list, says whether
 * retrying can help, and keeps its cause. Retry loops decide only by `retriable`.
 */
export const errorCodes = [
  'CONFIG_INVALID',
  'STACK_FETCH_FAILED',
  'STACK_START_FAILED',
  'STACK_NOT_RUNNING',
  'KAFKA_UNAVAILABLE',
  'REGISTRY_UNAVAILABLE',
  /** Kafka refused our login (wrong or revoked credentials) or an ACL denies the operation: fix configuration, not retry. */
  'KAFKA_NOT_AUTHORIZED',
  'DATABASE_UNAVAILABLE',
  /** The SMTP server could not be reached or asked us to try later (4xx): retriable. */
  'MAIL_UNAVAILABLE',
  /** The SMTP server refused the message for good (5xx): sending it again will not help. */
  'MAIL_REJECTED',
  'INPUT_INVALID',
  'NOT_FOUND',
  /**
   * PostgreSQL refused to store one message's content (a data exception, a constraint): retrying
   * the same bytes cannot help, so the message is dead-lettered and the consumer goes on.
   */
  'DATA_REJECTED',
  /** A consumer's stored offsets no longer describe its topic (recreated, replaced, truncated). */
  'OFFSETS_INVALID',
  /** A read waited for the consumers it depends on, and they did not get there in time. */
  'CONSUMERS_LAGGING',
  /** The council's OpenID Connect provider could not be reached or answered with a server error: retriable. */
  'IDENTITY_PROVIDER_UNAVAILABLE',
  /** The family was erased (its key destroyed): nothing more can be sealed for it. */
  'FAMILY_ERASED',
  /** A sealed event names a family with no key at all: the key table was lost or not restored with the database. */
  'FAMILY_KEY_MISSING',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class LiveRiskError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  /** What the person running the command can do about it. */
  readonly hint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retriable?: boolean; cause?: unknown; hint?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LiveRiskError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.hint = options.hint;
  }
}

export const isRetriable = (error: unknown): boolean =>
  error instanceof LiveRiskError && error.retriable;

/** A one-line description of any thrown value, for messages and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
