import { judgeSchemaId } from './schema-ids';

const subject = 'police.incidents.v1-value';

describe('the schema id of a wire-format message on the police topic', () => {
  it('is accepted when it is the version of the police subject this release registered', () => {
    expect(judgeSchemaId(7, subject, [{ subject, version: 2 }], 2)).toEqual({ ok: true, version: 2 });
  });

  it('is accepted when it is an older version of the police subject: history stays readable', () => {
    expect(judgeSchemaId(3, subject, [{ subject, version: 1 }], 2)).toEqual({ ok: true, version: 1 });
  });

  it('is accepted when the same schema text is also registered under other subjects', () => {
    const registeredAs = [{ subject: 'test-a.police.incidents.v1-value', version: 1 }, { subject, version: 2 }];
    expect(judgeSchemaId(7, subject, registeredAs, 2)).toEqual({ ok: true, version: 2 });
  });

  it('is refused as WRONG_SCHEMA_FOR_TOPIC naming the subject it belongs to and the one expected', () => {
    const verdict = judgeSchemaId(9, subject, [{ subject: 'cohort.events.v1-value', version: 1 }], 2);
    expect(verdict).toMatchObject({ ok: false, reasonCode: 'WRONG_SCHEMA_FOR_TOPIC' });
    expect(verdict.ok ? '' : verdict.reason).toBe(
      'schema id 9 belongs to subject cohort.events.v1-value (version 1), not to police.incidents.v1-value, the subject this topic expects; ' +
        'serialise with the schema registered under police.incidents.v1-value',
    );
  });

  it('names first the subjects that share the most of the expected subject, as those of the same deployment do', () => {
    const registeredAs = ['a.', 'b.', 'c.', 'test-1.'].map((prefix) => ({ subject: `${prefix}cohort.events.v1-value`, version: 1 }));
    const verdict = judgeSchemaId(9, 'test-1.police.incidents.v1-value', registeredAs, 2);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/^schema id 9 belongs to subject test-1\.cohort\.events\.v1-value \(version 1\), a\./);
  });

  it('names at most three of the subjects an id belongs to, and how many more', () => {
    const registeredAs = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ subject: `${name}.cohort.events.v1-value`, version: 1 }));
    const verdict = judgeSchemaId(9, subject, registeredAs, 2);
    expect(verdict.ok ? '' : verdict.reason).toContain('c.cohort.events.v1-value (version 1) and 2 more, not to police.incidents.v1-value');
  });

  it('is refused as SCHEMA_VERSION_UNKNOWN when it is a version newer than the one this release registered', () => {
    const verdict = judgeSchemaId(11, subject, [{ subject, version: 3 }], 2);
    expect(verdict).toEqual({
      ok: false,
      reasonCode: 'SCHEMA_VERSION_UNKNOWN',
      reason:
        'version 3 of subject police.incidents.v1-value (schema id 11) is not one this release registered; ' +
        'upgrade live-risk or register through `live-risk schemas register`',
    });
  });

  it('is refused as UNKNOWN_SCHEMA_ID when the registry does not know it', () => {
    expect(judgeSchemaId(404, subject, null, 2)).toMatchObject({ ok: false, reasonCode: 'UNKNOWN_SCHEMA_ID' });
    expect(judgeSchemaId(404, subject, [], 2)).toMatchObject({ ok: false, reasonCode: 'UNKNOWN_SCHEMA_ID' });
  });
});
