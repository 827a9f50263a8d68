import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { describeError } from '../platform/errors';
import type { Needle } from './needles';
import { notSearched, PlaceTally, type PlaceReport } from './tally';

/**
 * Log files, one line a record (a pino line is one JSON document, so its fields are searched
 * decoded too). Rotated copies (kafka.log.1) and gzipped ones (app.log.2.gz, as logrotate leaves
 * them) are read as well.
 */
async function searchFile(file: string, needles: readonly Needle[]): Promise<PlaceReport> {
  const tally = new PlaceTally(needles, 'logs', file, 'lines');
  try {
    const raw = createReadStream(file);
    const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    const failed = new Promise<never>((_, reject) => {
      raw.once('error', reject);
      input.once('error', reject);
    });
    const lines = createInterface({ input, crlfDelay: Infinity });
    let number = 0;
    await Promise.race([
      failed,
      (async () => {
        for await (const line of lines) {
          number += 1;
          tally.record({ line }, `line ${number}`);
        }
      })(),
    ]);
    return tally.report();
  } catch (error) {
    return notSearched('logs', file, `could not read it: ${describeError(error)}`, 'lines');
  }
}

const isLogName = (name: string) => /\.log(\.\d+)?(\.gz)?$/.test(name);

/** Every file under `directory`, sub-directories included, in name order. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() ? [path] : [];
    });
}

/** The stack's own logs: `<state dir>/*.log` and their rotated copies (services/stack/paths.ts). */
export async function searchStackLogs(stateDir: string, needles: readonly Needle[]): Promise<PlaceReport[]> {
  if (!existsSync(stateDir)) return [new PlaceTally(needles, 'logs', `${stateDir}/*.log (no stack state dir on this machine)`, 'lines').report()];
  const files = readdirSync(stateDir).filter(isLogName).sort();
  return Promise.all(files.map((name) => searchFile(join(stateDir, name), needles)));
}

/**
 * The directories the processes' own logs are kept in (LIVE_RISK_LOG_DIR, --log-dir): every file in
 * them, whatever its name. Without one, those logs are a place the audit cannot see: said, not skipped.
 */
export async function searchProcessLogs(directories: readonly string[] | 'kept-nowhere', needles: readonly Needle[]): Promise<PlaceReport[]> {
  if (directories === 'kept-nowhere') return [];
  if (directories.length === 0) {
    return [
      notSearched(
        'logs',
        "the processes' logs (consumers, scheduler, portal, ingest)",
        'they write to stderr, kept by whatever runs them (journald, docker, a file): set LIVE_RISK_LOG_DIR or pass --log-dir to the directory they are written to, or pass --no-process-logs if they are kept nowhere',
        'lines',
      ),
    ];
  }
  const reports: PlaceReport[] = [];
  for (const directory of directories) {
    let files: string[];
    try {
      if (!statSync(directory).isDirectory()) throw new Error('not a directory');
      files = filesUnder(directory);
    } catch (error) {
      reports.push(notSearched('logs', directory, `could not list it: ${describeError(error)}`, 'lines'));
      continue;
    }
    if (files.length === 0) reports.push(new PlaceTally(needles, 'logs', `${directory} (empty)`, 'lines').report());
    for (const file of files) reports.push(await searchFile(file, needles));
  }
  return reports;
}
