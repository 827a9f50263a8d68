/**
 * Structured JSON logs on stderr, so stdout stays clean for command output.
 * Never pass names, dates of birth or identifiers at info level: log event ids and counts.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const levelOrder: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  base: Record<string, unknown> = {},
  minimum: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'warn',
): Logger {
  const threshold = levelOrder[minimum] ?? levelOrder.warn;
  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (levelOrder[level] < threshold) return;
    process.stderr.write(
      JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields }) + '\n',
    );
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, minimum),
  };
}
