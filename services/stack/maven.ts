import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { LiveRiskError, describeError } from '../platform/errors';
import { runToCompletion } from './processes';

/**
 * Getting artifacts from Maven Central. Maven itself comes first because it honours the user's
 * ~/.m2/settings.xml (corporate mirrors, proxies) and caches in ~/.m2; a plain HTTPS download is
 * the fallback for artifacts Maven refuses to resolve (see downloadFromCentral).
 */

/** Pinned so the goal behaves the same whatever plugin version the local Maven defaults to. */
export const dependencyPlugin = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

const centralUrl = 'https://repo.maven.apache.org/maven2';

export async function runMaven(args: readonly string[], cwd: string): Promise<void> {
  let result: { code: number | null; output: string };
  try {
    // -B: no interactive prompts or colour codes; -q: only errors, which we show on failure.
    result = await runToCompletion('mvn', ['-B', '-q', ...args], { cwd, timeoutMs: 20 * 60_000 });
  } catch (error) {
    throw new LiveRiskError('STACK_FETCH_FAILED', `could not run Maven: ${describeError(error)}`, {
      cause: error,
      hint: 'install Maven 3.6 or newer (apt-get install maven, brew install maven), or use docker compose up -d',
    });
  }
  if (result.code !== 0) {
    throw new LiveRiskError(
      'STACK_FETCH_FAILED',
      `mvn ${args.join(' ')} failed:\n${lastLines(result.output, 20)}`,
      {
        retriable: true,
        hint: 'check that Maven Central (or your mirror in ~/.m2/settings.xml) is reachable, then run the command again',
      },
    );
  }
}

export type Coordinates = Readonly<{
  groupId: string;
  artifactId: string;
  version: string;
  classifier?: string;
  extension: string;
}>;

export function coordinatesString(c: Coordinates): string {
  return [c.groupId, c.artifactId, c.version, c.extension, c.classifier].filter(Boolean).join(':');
}

/**
 * Downloads one artifact straight from Maven Central and checks it against the published SHA-1.
 * Needed because Maven insists on reading an artifact's POM and its parents even to copy a single
 * file, and a mirror that lacks a parent POM (seen with io.apicurio:apicurio-registry:3.0.9) makes
 * that fail although the file itself is there.
 */
export async function downloadFromCentral(c: Coordinates, target: string): Promise<void> {
  const name = `${c.artifactId}-${c.version}${c.classifier ? `-${c.classifier}` : ''}.${c.extension}`;
  const url = `${centralUrl}/${c.groupId.replace(/\./g, '/')}/${c.artifactId}/${c.version}/${name}`;
  try {
    const expected = (await fetchOk(`${url}.sha1`).then((r) => r.text())).trim().split(/\s+/)[0];
    const response = await fetchOk(url);
    const hash = createHash('sha1');
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(target));
    const actual = hash.digest('hex');
    if (actual !== expected) throw new Error(`SHA-1 mismatch: expected ${expected}, got ${actual}`);
  } catch (error) {
    throw new LiveRiskError('STACK_FETCH_FAILED', `could not download ${url}: ${describeError(error)}`, {
      retriable: true,
      cause: error,
      hint: 'check that https://repo.maven.apache.org is reachable, then run the command again',
    });
  }
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15 * 60_000) });
  if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
  return response;
}

const lastLines = (text: string, count: number): string =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .join('\n');
