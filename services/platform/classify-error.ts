import { RestError } from './schema-registry-library';
import { LiveRiskError, describeError, type ErrorCode } from './errors';

/**
 * The one place where errors from the libraries we talk through (kafkajs, pg and knex, the schema
 * registry's HTTP client, node's sockets) become a LiveRiskError with `retriable` set. Everything
 * above this boundary decides by that flag alone: a retriable error is an outage (wait, back off,
 * resume), anything else is a fault in the input or in our code.
 */
export type Service = 'kafka' | 'database' | 'registry';

const unavailableCode: Record<Service, ErrorCode> = {
  kafka: 'KAFKA_UNAVAILABLE',
  database: 'DATABASE_UNAVAILABLE',
  registry: 'REGISTRY_UNAVAILABLE',
};

const outageHint: Record<Service, string> = {
  kafka: 'Kafka is unreachable or restarting; long-running processes resume by themselves, a one-shot command can simply be run again',
  database: 'PostgreSQL is unreachable or restarting; long-running processes resume by themselves, a one-shot command can simply be run again',
  registry: 'the schema registry is unreachable or restarting; long-running processes resume by themselves, a one-shot command can simply be run again',
};

/** Socket-level failures: the peer is down, restarting or unreachable. Which peer, the caller knows. */
const socketErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * Group-membership answers that kafkajs marks non-retriable because *its* retry cannot help, but a
 * restarted consumer can: "The coordinator is not aware of this member" after a broker restart.
 */
const kafkaMembershipTypes = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'MEMBER_ID_REQUIRED', 'NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);

type Shape = { name?: unknown; code?: unknown; retriable?: unknown; type?: unknown; severity?: unknown; isAxiosError?: unknown; cause?: unknown; originalError?: unknown };
const shapeOf = (error: unknown): Shape => (typeof error === 'object' && error !== null ? (error as Shape) : {});

/** The errors an error wraps, outermost first (kafkajs nests the real one in cause/originalError). */
function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && !seen.has(current); ) {
    seen.add(current);
    yield current;
    const shape = shapeOf(current);
    current = shape.cause ?? shape.originalError;
  }
}

const isSqlState = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);

/**
 * PostgreSQL's SQLSTATE classes: 08 connection, 53 resources, 57P0x shutdown/cannot connect, 58
 * system, 40001/40P01 serialisation and deadlock, 55P03 lock not available — all can pass. 22 data
 * exception and 23 integrity constraint say the content itself cannot be stored.
 */
function classifySqlState(code: string): 'outage' | 'data' | 'fault' {
  if (code.startsWith('08') || code.startsWith('53') || code.startsWith('58') || code.startsWith('57P')) return 'outage';
  if (code === '40001' || code === '40P01' || code === '55P03') return 'outage';
  if (code.startsWith('22') || code.startsWith('23') || code === '54000') return 'data';
  return 'fault';
}

function outage(service: Service, error: unknown): LiveRiskError {
  return new LiveRiskError(unavailableCode[service], `${serviceName[service]} unavailable (outage, retry): ${describeError(error)}`, {
    retriable: true,
    cause: error,
    hint: outageHint[service],
  });
}

const serviceName: Record<Service, string> = { kafka: 'Kafka', database: 'PostgreSQL', registry: 'the schema registry' };

/**
 * `service` is the peer the caller was talking to, used when the error itself does not say (a bare
 * ECONNREFUSED). Errors already classified pass through unchanged.
 */
export function classifyError(error: unknown, service?: Service): LiveRiskError {
  if (error instanceof LiveRiskError) return error;
  for (const link of causeChain(error)) {
    const shape = shapeOf(link);
    const name = typeof shape.name === 'string' ? shape.name : '';
    if (name.startsWith('KafkaJS')) {
      // Wrong or revoked credentials, or an ACL that denies: configuration to fix, never an outage.
      if (name === 'KafkaJSSASLAuthenticationError' || (typeof shape.type === 'string' && shape.type.endsWith('_AUTHORIZATION_FAILED'))) {
        return new LiveRiskError('KAFKA_NOT_AUTHORIZED', `Kafka refused: ${describeError(link)}`, {
          cause: error,
          hint: 'check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE (or, in development, run `live-risk stack up`); see README, "Authentication and access control (Kafka)"',
        });
      }
      if (shape.retriable === true || (typeof shape.type === 'string' && kafkaMembershipTypes.has(shape.type))) return outage('kafka', error);
      if (name === 'KafkaJSConnectionError' || name === 'KafkaJSConnectionClosedError' || name === 'KafkaJSRequestTimeoutError' || name === 'KafkaJSBrokerNotFound') {
        return outage('kafka', error);
      }
      // Both are "non-retriable" only in that a kafkajs retrier gave up (NonRetriableError is what an
      // outer retrier wraps an inner one's NumberOfRetriesExceeded in): look at what it gave up on.
      if (name === 'KafkaJSNumberOfRetriesExceeded' || name === 'KafkaJSNonRetriableError') continue;
      return new LiveRiskError('INTERNAL', `Kafka refused: ${describeError(error)}`, { cause: error });
    }
    if (name === 'KnexTimeoutError') return outage('database', error);
    if (isSqlState(shape.code) && typeof shape.severity === 'string') {
      const kind = classifySqlState(shape.code);
      if (kind === 'outage') return outage('database', error);
      if (kind === 'data') return new LiveRiskError('DATA_REJECTED', `PostgreSQL cannot store it: ${describeError(link)} (SQLSTATE ${shape.code})`, { cause: error });
      return new LiveRiskError('INTERNAL', describeError(error), { cause: error });
    }
    if (/^Connection terminated|^terminating connection|Client has encountered a connection error|Connection terminated unexpectedly/.test(describeError(link))) {
      return outage('database', error);
    }
    if (link instanceof RestError) {
      // 5xx, 408 and 429 are the registry being unwell; other 4xx are answers about what we asked.
      if (link.status >= 500 || link.status === 408 || link.status === 429) return outage('registry', error);
      return new LiveRiskError('INTERNAL', `the schema registry answered ${link.status}: ${describeError(error)}`, { cause: error });
    }
    if (shape.isAxiosError === true) return outage('registry', error);
    if (typeof shape.code === 'string' && socketErrorCodes.has(shape.code)) return outage(service ?? 'kafka', error);
  }
  return new LiveRiskError('INTERNAL', describeError(error), { cause: error });
}
