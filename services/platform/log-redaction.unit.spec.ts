import { sensitiveFields } from '../analyst/personal-data';
import { sensitiveDigestFields } from '../analyst/pseudonymise-digest';
import { personalLogFields, redactPaths } from './log-redaction';

describe('log redaction', () => {
  it('censors in logs every field the analyst commands pseudonymise, so a field added there cannot leak here', () => {
    const pseudonymised = [...Object.keys(sensitiveFields), ...Object.keys(sensitiveDigestFields)];
    expect(pseudonymised.filter((field) => !(personalLogFields as readonly string[]).includes(field))).toEqual([]);
  });

  it('lists each field at the top level and under up to three levels of nesting', () => {
    expect(redactPaths).toEqual(expect.arrayContaining(['dateOfBirth', '*.dateOfBirth', '*.*.dateOfBirth', '*.*.*.dateOfBirth']));
    expect(redactPaths).toHaveLength(personalLogFields.length * 4);
  });
});
