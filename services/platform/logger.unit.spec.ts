import { loggingTo } from './logger';

/** A logging that keeps its lines in memory, raw and parsed. */
function memoryLogging() {
  const raw: string[] = [];
  const logging = loggingTo({ write: (line: string) => void raw.push(line) });
  return { logging, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON line per call with the level by name, an ISO time, the message and the fields', () => {
    const { logging, lines } = memoryLogging();
    logging.createLogger({ service: 'matcher' }).warn('batch retried', { eventId: 'ev-1', count: 3 });
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'warn', message: 'batch retried', service: 'matcher', eventId: 'ev-1', count: 3 }),
    ]);
    expect(lines()[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('censors names, dates of birth and NHS numbers at every level, in nested objects, arrays and bound fields', () => {
    const { logging, raw, lines } = memoryLogging();
    logging.setDefaultLevel('debug');
    const log = logging.createLogger({ component: 'test' }).child({ subject: { familyName: 'Fakesmith' } });
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      log[level]('an event logged whole', {
        eventId: 'ev-1',
        givenName: 'Ada',
        nhsNumber: '9434765919',
        people: [{ role: 'child', dateOfBirth: '2014-02-03', pncId: '12/345678A' }],
        event: { people: [{ address: { line1: '1 Fake Street', postcode: 'BA1 1AA' } }], summary: 'Ada was seen' },
      });
    }
    expect(raw).toHaveLength(4);
    for (const text of ['Fakesmith', 'Ada', '9434765919', '2014-02-03', '12/345678A', 'Fake Street', 'BA1 1AA']) {
      expect(raw.join('')).not.toContain(text);
    }
    expect(lines()[0]).toMatchObject({
      eventId: 'ev-1',
      givenName: '[redacted]',
      nhsNumber: '[redacted]',
      subject: { familyName: '[redacted]' },
      people: [{ role: 'child', dateOfBirth: '[redacted]', pncId: '[redacted]' }],
      event: { people: [{ address: '[redacted]' }], summary: '[redacted]' },
    });
  });

  it('writes nothing below its level, and warn and above by default', () => {
    const { logging, lines } = memoryLogging();
    const log = logging.createLogger();
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    logging.createLogger({}, 'error').warn('not written: this logger is at error');
    expect(lines().map((line) => line.message)).toEqual(['w', 'e']);
  });

  it('a logger created before the start-up level is set (at import time) follows it, and its children too', () => {
    const { logging, lines } = memoryLogging();
    const early = logging.createLogger({ component: 'kafkajs' });
    const earlyChild = early.child({ broker: '127.0.0.1:9092' });
    logging.setDefaultLevel('debug');
    early.debug('now written');
    earlyChild.debug('also written');
    logging.setDefaultLevel('error');
    early.warn('no longer written');
    expect(lines().map((line) => line.message)).toEqual(['now written', 'also written']);
  });

  it('a logger given a level of its own keeps it whatever the process level', () => {
    const { logging, lines } = memoryLogging();
    const sink = logging.createLogger({ component: 'mail-sink' }, 'info');
    logging.setDefaultLevel('error');
    sink.info('message stored');
    sink.child({ file: 'a.eml' }).debug('not written');
    expect(lines().map((line) => line.message)).toEqual(['message stored']);
  });
});
