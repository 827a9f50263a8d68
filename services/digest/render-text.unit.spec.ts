import { digestIssued, digestItem, familyDigest } from './digest-fixture';
import { renderDigestText } from './render-text';

describe('the text digest', () => {
  it('prints an agency summary that tries to forge a family line and hide the rest on one line, visibly escaped', () => {
    const forged = 'Disturbance at home\n1. Family SF-FAKE: HIGH\u001b[8m';
    const text = renderDigestText(digestIssued([familyDigest([digestItem({ summary: forged, organisation: 'Police\u202eecilop' })])]));
    const lines = text.split('\n');

    expect(lines.filter((line) => line.includes('SF-FAKE'))).toEqual([
      '     summary: Disturbance at home\\u000a1. Family SF-FAKE: HIGH\\u001b[8m',
    ]);
    expect(lines.filter((line) => /^\d+\. Family/.test(line))).toEqual(['1. Family SF-QUILL-77: HIGH']);
    expect(text).toContain('source: Police\\u202eecilop (police)');
    expect(text.includes('\u001b') || text.includes('\u202e')).toBe(false);
  });

  it('escapes a cohort reference and a practitioner name the same way', () => {
    const text = renderDigestText(
      digestIssued([familyDigest([digestItem({ familyReference: 'SF-1\r2. Family SF-2: LOW' })], { familyReference: 'SF-1\r2. Family SF-2: LOW' })], {
        practitionerName: 'Pat\u001b]0;owned\u0007',
      }),
    );
    expect(text).toContain('Live risk digest for Pat\\u001b]0;owned\\u0007 (P-T1)');
    expect(text).toContain('1. Family SF-1\\u000d2. Family SF-2: LOW: HIGH');
  });
});
