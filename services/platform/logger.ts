import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { redactionCensor, redactPaths } from './log-redaction';

/**
 * Structured JSON logs through pino on stderr, so stdout stays clean for command output:
 *
 *   {"level":"warn","time":"2026-12-04T07:00:00.000Z","pid":4242,"component":"kafkajs","message":"..."}
 *
 * Personal fields are censored at every level (log-redaction.ts), but log event ids and counts,
 * never names, dates of birth or identifiers.
 */
export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

export type Logging = Readonly<{
  /** A logger at `level`, or, without one, at the process's level whenever it writes. */
  createLogger(base?: Fields, level?: LogLevel): Logger;
  /** The level of every logger created without one, including those created before this call. */
  setDefaultLevel(level: LogLevel): void;
}>;

/** Logging into any destination: stderr for the process (below), memory for tests. */
export function loggingTo(destination: DestinationStream): Logging {
  const root = pino(
    {
      level: 'warn',
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { pid: process.pid },
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...redactPaths], censor: redactionCensor },
    },
    destination,
  );
  return {
    // A pino child without a level of its own inherits its parent's level methods through the
    // prototype, so loggers made at import time (kafka.ts's) follow a level set later at start-up.
    createLogger: (base = {}, level) => wrap(level ? root.child(base, { level }) : root.child(base)),
    setDefaultLevel: (level) => {
      root.level = level;
    },
  };
}

function wrap(target: PinoLogger): Logger {
  return {
    debug: (message, fields) => target.debug(fields ?? {}, message),
    info: (message, fields) => target.info(fields ?? {}, message),
    warn: (message, fields) => target.warn(fields ?? {}, message),
    error: (message, fields) => target.error(fields ?? {}, message),
    child: (fields) => wrap(target.child(fields)),
  };
}

// Synchronous, so a line written just before process.exit() is not lost.
const processLogging = loggingTo(pino.destination({ dest: 2, sync: true }));

export const createLogger: Logging['createLogger'] = processLogging.createLogger;

/** Called once at start-up with the validated LOG_LEVEL (config.ts); `warn` until then. */
export const setDefaultLogLevel: Logging['setDefaultLevel'] = processLogging.setDefaultLevel;
