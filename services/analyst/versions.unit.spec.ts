import { canonicalJson, contentHash } from '../digest/versions-store';
import { parseArchivedPolicy, policiesDirectory } from '../policy';
import { parseArchivedRuleSet, ruleSetsDirectory } from '../risk';
import { releasedFiles } from './versions';

describe('finding the rules a past digest was built with', () => {
  it('hashes a document the same whatever the order of its keys (jsonb re-orders them)', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(contentHash({ version: '1', x: { b: 1, a: 2 } })).toBe(contentHash({ x: { a: 2, b: 1 }, version: '1' }));
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
  });

  it.each([
    ['rule sets', ruleSetsDirectory, parseArchivedRuleSet],
    ['policies', policiesDirectory, parseArchivedPolicy],
  ] as const)('keeps released %s that are valid, and never two different files under one version', (_, directory, parse) => {
    const files = releasedFiles(directory);
    expect(files.length).toBeGreaterThan(0);
    const byVersion = new Map<string, Set<string>>();
    for (const file of files) {
      expect(() => parse(file.json, file.path)).not.toThrow();
      byVersion.set(file.version ?? '', (byVersion.get(file.version ?? '') ?? new Set()).add(file.hash));
    }
    for (const [version, hashes] of byVersion) expect([version, hashes.size]).toEqual([version, 1]);
  });

  it('finds the stricter example by its version among the released rule sets', () => {
    expect(releasedFiles(ruleSetsDirectory).find((file) => file.version === '2026.2-stricter-example')?.path).toMatch(/examples\/stricter\.json$/);
    expect(releasedFiles(ruleSetsDirectory).find((file) => file.version === '2026.1-stricter-example')?.path).toMatch(/released\/2026\.1-stricter-example\.json$/);
  });
});
