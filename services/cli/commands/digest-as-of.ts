import type { Knex } from 'knex';
import type { DigestIssued } from '../../contracts';
import {
  createPseudonymiser, createVersionResolver, lastField, loadPseudonymKey, pseudonymiseDigest, pseudonymiseDigestValue, recordRawAccess,
  reproduceStoredDigest, reproductionTotals, storedDigests, withReplaySchema, type JsonDifference, type Pseudonymiser, type Reproduction, type VersionResolver,
} from '../../analyst';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import type { Runtime } from '../../platform/runtime';
import { awaitConsumers, type WaitChoice } from '../await-consumers';
import { terminal } from '../../platform/terminal';
import { progressBar } from '../progress';
import { withRuntime } from '../with-runtime';

type DigestFormat = 'json' | 'text' | 'html';
export type AsOfOptions = Readonly<{ wait: WaitChoice; asOf: string; practitioner?: string; format: DigestFormat; check?: boolean; raw?: boolean; by: string; limit: number; fromSchema?: string }>;

/**
 * `live-risk digest --as-of D`: rebuilds each digest stored for D from what was known at its cut-off,
 * with the rule set and policy versions it names, prints the rebuilt digest (pseudonymised unless
 * --raw) and says whether it matches the stored one exactly. Exit 1 when any digest differs.
 */
export async function runDigestAsOf(
  options: AsOfOptions,
  printDigests: (digests: readonly DigestIssued[], format: DigestFormat) => void,
): Promise<void> {
  const config = loadConfig();
  const pseudonymiser = options.raw ? null : createPseudonymiser(await loadPseudonymKey(config.pseudonymKeyFile));
  const reproductions = await withRuntime(async (runtime) => {
    if (options.raw) {
      await recordRawAccess(runtime.db, options.by, { command: 'digest --as-of', date: options.asOf, practitioner: options.practitioner ?? null, schema: options.fromSchema ?? null });
    }
    // The rules and policies are looked up in the live record even when the history is a replay's.
    const resolver = createVersionResolver(runtime.db);
    return fromSource(runtime, options, (db) => reproduceAll(db, resolver, options));
  }, config);
  if (!options.check) {
    const digests = reproductions.map((r) => (pseudonymiser ? pseudonymiseDigest(pseudonymiser, r.reproduced) : r.reproduced));
    printDigests(digests, options.format);
  }
  // The verdict goes to stdout with text, and to stderr with json or html so stdout stays one document.
  // Each line quotes stored values (ids, and JSON of the differing ones): escaped like any other.
  const report = options.check || options.format === 'text' ? (line: string) => console.log(terminal`${line}`) : (line: string) => process.stderr.write(terminal`${line}\n`);
  if (!options.check && options.format === 'text') report('');
  for (const line of verdict(reproductions, options.asOf, pseudonymiser)) report(line);
  if (reproductions.some((r) => r.differences.length > 0)) process.exitCode = 1;
}

async function reproduceAll(db: Knex, resolver: VersionResolver, options: AsOfOptions): Promise<Reproduction[]> {
  const stored = await storedDigests(db, { from: options.asOf, to: options.asOf, practitionerId: options.practitioner });
  if (stored.length === 0) {
    throw new LiveRiskError('NOT_FOUND', `no digests were issued for ${options.asOf}${options.practitioner ? ` for practitioner ${options.practitioner}` : ''}, so there is nothing to reproduce`, {
      hint: 'list what was issued with `live-risk digest --date D`; --as-of reproduces a stored digest',
    });
  }
  const progress = stored.length > 1 ? progressBar('reproducing digests') : undefined;
  const done: Reproduction[] = [];
  for (const digest of stored) {
    done.push(await reproduceStoredDigest(db, resolver, digest, options.limit));
    progress?.(done.length, stored.length);
  }
  return done;
}

/**
 * The live projections (once the digests consumer has applied digests.v1 as it was now), or a replay schema built with
 * `replay --into NAME --raw`. A pseudonymised replay cannot be used: its stored digests hold
 * pseudonyms where a rebuild computes real labels, so nothing would match.
 */
async function fromSource<T>(runtime: Runtime, options: Pick<AsOfOptions, 'fromSchema' | 'wait'>, work: (db: Knex) => Promise<T>): Promise<T> {
  const { fromSchema } = options;
  if (!fromSchema) {
    await awaitConsumers(runtime, ['digests'], options.wait);
    return work(runtime.db);
  }
  return withReplaySchema(runtime.db, runtime.config.databaseUrl, fromSchema, async (db, { schema, pseudonymised }) => {
    if (pseudonymised) {
      throw new LiveRiskError('INPUT_INVALID', `${schema} is pseudonymised, so its stored digests cannot be rebuilt and compared`, {
        hint: 'replay with --raw (recorded in the audit log) to reproduce from it; the output here is still pseudonymised unless --raw',
      });
    }
    return work(db);
  });
}

export function verdict(reproductions: readonly Reproduction[], date: string, pseudonymiser: Pseudonymiser | null): string[] {
  const totals = reproductionTotals(reproductions);
  const what = `${totals.families} families, ${totals.items} items, rules ${totals.ruleSets.join(', ')}, policy ${totals.policies.join(', ')}`;
  const scope = `${totals.digests} digest${totals.digests === 1 ? '' : 's'} for ${date}${pseudonymiser ? ', pseudonymised' : ', raw values'}`;
  if (totals.exact === totals.digests) return [`reproduced exactly: ${what} (${scope})`];
  const lines = [`NOT reproduced: ${totals.digests - totals.exact} of ${totals.digests} digests differ from the stored ones (${scope})`];
  for (const r of reproductions.filter((candidate) => candidate.differences.length > 0)) {
    lines.push(`  ${r.stored.practitionerId} (${r.stored.digestId}), first differences:`);
    for (const difference of r.differences) lines.push(`    ${describe(difference, pseudonymiser)}`);
  }
  lines.push('see "Reproducing the past and what-if" in README.md for what is read as it stood at the cut-off and what is not');
  return lines;
}

function describe(difference: JsonDifference, pseudonymiser: Pseudonymiser | null): string {
  const show = (value: unknown) => {
    if (value === undefined) return '(absent)';
    const shown = JSON.stringify(pseudonymiser ? pseudonymiseDigestValue(pseudonymiser, lastField(difference.path), value) : value);
    return shown.length > 100 ? `${shown.slice(0, 97)}...` : shown;
  };
  return `${difference.path}: stored ${show(difference.stored)}, reproduced ${show(difference.reproduced)}`;
}
