import { RestError } from './schema-registry-library';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { classifyError } from './classify-error';
import { LiveRiskError } from './errors';

const pgError = (code: string, message = 'pg says no') => Object.assign(new Error(message), { code, severity: 'ERROR' });
/** kafkajs builds protocol errors from its error-code table entries: { type, code, retriable, message }. */
const protocolError = (entry: { message: string; type: string; code: number; retriable: boolean }) => new KafkaJSProtocolError(entry as unknown as Error);
/** How kafkajs's retrier wraps what it will not retry (its types omit the options argument). */
const retrierGaveUp = (inner: Error) => {
  const NonRetriable = KafkaJSNonRetriableError as unknown as new (e: Error, options: { cause: unknown }) => Error;
  return new NonRetriable(inner, { cause: (inner as { cause?: unknown }).cause ?? inner });
};
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('classifying foreign errors at the platform boundary', () => {
  it('passes our own errors through unchanged', () => {
    const ours = new LiveRiskError('INPUT_INVALID', 'bad');
    expect(classifyError(ours)).toBe(ours);
  });

  it('treats a broker that cannot be reached as a Kafka outage', () => {
    const error = classifyError(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'));
    expect(error).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
    expect(error.message).toContain('outage, retry');
  });

  it('treats "the coordinator is not aware of this member" as an outage a restarted consumer survives', () => {
    const unknownMember = protocolError({ message: 'The coordinator is not aware of this member', type: 'UNKNOWN_MEMBER_ID', code: 25, retriable: false });
    expect(classifyError(unknownMember)).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
  });

  it('looks inside kafkajs giving up on retries for what it gave up on', () => {
    const gaveUpOnOutage = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 8, retryTime: 1000 });
    expect(classifyError(gaveUpOnOutage)).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
    const gaveUpOnRefusal = new KafkaJSNumberOfRetriesExceeded(new KafkaJSNonRetriableError('The request included a message larger than the max message size the server will accept'), { retryCount: 0, retryTime: 0 });
    expect(classifyError(gaveUpOnRefusal)).toMatchObject({ code: 'INTERNAL', retriable: false });
  });

  it('looks inside what an outer kafkajs retrier wraps an inner one giving up in, as a consumer or producer does while the broker is down', () => {
    const connection = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const innerGaveUp = new KafkaJSNumberOfRetriesExceeded(connection, { retryCount: 8, retryTime: 1000 });
    Object.assign(innerGaveUp, { cause: connection });
    expect(classifyError(retrierGaveUp(innerGaveUp))).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
    const refusal = protocolError({ message: 'The request included a message larger than the max message size the server will accept', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false });
    expect(classifyError(retrierGaveUp(refusal))).toMatchObject({ code: 'INTERNAL', retriable: false });
    expect(classifyError(retrierGaveUp(new TypeError('x is undefined')))).toMatchObject({ code: 'INTERNAL', retriable: false });
  });

  it('does not retry what Kafka refuses for good, such as a message too large', () => {
    const tooLarge = protocolError({ message: 'The request included a message larger than the max message size the server will accept', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false });
    expect(classifyError(tooLarge)).toMatchObject({ retriable: false });
  });

  it('treats PostgreSQL shutting down, refusing connections or deadlocking as an outage', () => {
    for (const code of ['57P01', '57P03', '08006', '53300', '40001', '40P01']) {
      expect(classifyError(pgError(code))).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retriable: true });
    }
    expect(classifyError(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retriable: true });
    expect(classifyError(Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' }))).toMatchObject({ retriable: true });
  });

  it('says PostgreSQL rejected the data itself for data exceptions and constraint violations, without retrying', () => {
    const nul = classifyError(pgError('22P05', 'unsupported Unicode escape sequence'));
    expect(nul).toMatchObject({ code: 'DATA_REJECTED', retriable: false });
    expect(nul.message).toContain('22P05');
    expect(classifyError(pgError('22008', 'date/time field value out of range'))).toMatchObject({ code: 'DATA_REJECTED' });
    expect(classifyError(pgError('23505', 'duplicate key'))).toMatchObject({ code: 'DATA_REJECTED' });
  });

  it('treats a programming error in SQL as internal, not as bad data', () => {
    expect(classifyError(pgError('42P01', 'relation "nope" does not exist'))).toMatchObject({ code: 'INTERNAL', retriable: false });
  });

  it('tells registry outages (5xx, no answer) from registry answers (4xx)', () => {
    expect(classifyError(new RestError('unavailable', 503, 50301))).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    expect(classifyError(new RestError('Schema not found', 404, 40403))).toMatchObject({ retriable: false });
    expect(classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8081'), { isAxiosError: true, code: 'ECONNREFUSED' }))).toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
  });

  it('attributes a bare socket error to the service the caller was talking to', () => {
    expect(classifyError(socketError('ECONNREFUSED'), 'database')).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retriable: true });
    expect(classifyError(socketError('ECONNRESET'), 'kafka')).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
  });

  it('calls anything else an internal error that retrying will not fix', () => {
    expect(classifyError(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL', retriable: false });
  });
});
