import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Knex } from 'knex';
import { contentHash, recordedVersion, type VersionKind } from '../digest/versions-store';
import { LiveRiskError } from '../platform/errors';
import { parseArchivedPolicy, policiesDirectory, type Policy } from '../policy';
import { parseArchivedRuleSet, ruleSetsDirectory, type RuleSet } from '../risk';

/**
 * Finds the rule set or sharing policy a past digest names by its version: first in what the digest
 * job recorded when it used it (`rule_set_versions` / `policy_versions`, which also holds custom
 * files given with --rules or LIVE_RISK_RULES_FILE), then among the released files kept in
 * services/risk/rule-sets/ and services/policy/policies/ (for digests issued before that record
 * existed). An unknown version is an error that says where to put the file.
 *
 * Either way the document is read as it was (`archived`): an agency or code added since it was
 * released is absent from it, which means it did not exist then (no rule, nothing shared), so a
 * new code never makes a past day unreadable.
 */
export type VersionResolver = Readonly<{
  rules(version: string, cutOff: string): Promise<Resolved<RuleSet>>;
  policy(version: string, cutOff: string): Promise<Resolved<Policy>>;
}>;

export type Resolved<T> = Readonly<{ document: T; source: string }>;

type Kind<T> = Readonly<{ kind: VersionKind; noun: string; directory: string; parse: (json: unknown, source: string) => T }>;
const ruleSets: Kind<RuleSet> = { kind: 'rule-set', noun: 'risk rule set', directory: ruleSetsDirectory, parse: parseArchivedRuleSet };
const policies: Kind<Policy> = { kind: 'policy', noun: 'sharing policy', directory: policiesDirectory, parse: parseArchivedPolicy };

export function createVersionResolver(db: Knex | Knex.Transaction): VersionResolver {
  const cache = new Map<string, Promise<Resolved<unknown>>>();
  const resolve = <T>(kind: Kind<T>, version: string, cutOff: string): Promise<Resolved<T>> => {
    const key = `${kind.kind}\u0000${version}\u0000${cutOff}`;
    if (!cache.has(key)) cache.set(key, find(db, kind, version, cutOff));
    return cache.get(key) as Promise<Resolved<T>>;
  };
  return { rules: (version, cutOff) => resolve(ruleSets, version, cutOff), policy: (version, cutOff) => resolve(policies, version, cutOff) };
}

async function find<T>(db: Knex | Knex.Transaction, kind: Kind<T>, version: string, cutOff: string): Promise<Resolved<T>> {
  const recorded = await recordedVersion(db, kind.kind, version, cutOff);
  if (recorded) {
    const source = `${kind.kind === 'rule-set' ? 'rule_set_versions' : 'policy_versions'} (version ${version}, sha256 ${recorded.contentHash.slice(0, 12)})`;
    return { document: kind.parse(recorded.document, source), source };
  }
  const files = releasedFiles(kind.directory).filter((file) => file.version === version);
  const distinct = new Set(files.map((file) => file.hash));
  const where = relative(process.cwd(), kind.directory) || kind.directory;
  if (distinct.size > 1) {
    throw new LiveRiskError('CONFIG_INVALID', `${files.length} files in ${where} claim ${kind.noun} version ${version} with different contents: ${files.map((f) => f.path).join(', ')}`, {
      hint: 'a released version must never change: give the edited file a new version',
    });
  }
  if (files.length === 0) {
    throw new LiveRiskError('NOT_FOUND', `${kind.noun} version ${version} is neither recorded by the digest job nor in ${where}`, {
      hint: `put the file whose "version" is "${version}" in ${join(where, `${version}.json`)} (every released version stays there), then run this again`,
    });
  }
  return { document: kind.parse(files[0].json, files[0].path), source: relative(process.cwd(), files[0].path) || files[0].path };
}

type ReleasedFile = Readonly<{ path: string; version: string | undefined; hash: string; json: unknown }>;

/** Every JSON file under the directory with the version it claims; files that are not JSON are skipped. */
export function releasedFiles(directory: string): ReleasedFile[] {
  const names = readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json')).sort();
  return names.flatMap((name) => {
    const path = join(directory, name);
    try {
      const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
      const version = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined;
      return [{ path, version: typeof version === 'string' ? version : undefined, hash: contentHash(json), json }];
    } catch {
      return [];
    }
  });
}
