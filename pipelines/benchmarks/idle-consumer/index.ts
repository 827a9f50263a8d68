import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../../services/platform/config';
import { runBenchmarkScript } from '../script-main';
import type { IdleSample } from './sample';

/**
 * What an idle, connected kafkajs consumer costs, with and without the workaround for kafkajs
 * 2.2.4's request-queue loop (services/platform/kafkajs-request-queue.ts), alternating in one run
 * so the machine's load falls on both alike. Not part of `npm run bench`:
 *
 *   npx tsx pipelines/benchmarks/idle-consumer/index.ts [--samples 3] [--seconds 10] [--out FILE]
 *
 * Run it with another `node` on the PATH to measure that version (Node 24 reports the loop as
 * TimeoutNegativeWarning).
 */
function sampleOnce(mode: IdleSample['mode'], seconds: number, broker: string): IdleSample {
  const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'sample.ts'), mode, String(seconds), broker], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the ${mode} sample failed: ${child.stderr.trim()}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as IdleSample;
}

runBenchmarkScript('idle-consumer', async () => {
  const { values } = parseArgs({ options: { samples: { type: 'string', default: '3' }, seconds: { type: 'string', default: '10' }, out: { type: 'string' } } });
  const seconds = Number(values.seconds);
  const broker = loadConfig().kafkaBrokers[0];
  const samples: IdleSample[] = [];
  for (let round = 1; round <= Number(values.samples); round += 1) {
    for (const mode of ['unpatched', 'patched'] as const) {
      samples.push(sampleOnce(mode, seconds, broker));
      process.stderr.write(`idle-consumer: round ${round} ${mode}: ${samples.at(-1)?.cpuMs} ms CPU in ${seconds} s\n`);
    }
  }
  const row = (mode: IdleSample['mode']) => {
    const mine = samples.filter((sample) => sample.mode === mode);
    const percent = mine.map((sample) => ((sample.cpuMs / (seconds * 1000)) * 100).toFixed(1)).join(', ');
    return `| ${mode === 'patched' ? 'with the workaround' : 'kafkajs as published'} | ${mine.map((sample) => sample.cpuMs).join(', ')} | ${percent} | ${mine.map((sample) => Math.round(sample.timersSet / seconds)).join(', ')} | ${mine.map((sample) => sample.negativeDelays).join(', ')} |`;
  };
  const markdown = [
    `Node ${process.version}; ${seconds} s idle per sample, alternating.`,
    '',
    '| kafkajs | CPU ms | % of a core | timers set per second | negative delays, in all |',
    '|:---|---:|---:|---:|---:|',
    row('unpatched'),
    row('patched'),
    '',
  ].join('\n');
  return { markdown, out: values.out };
});
