import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { terminal } from '../../platform/terminal';
import { stackDown, stackStatus, stackUp, type StackStatus } from '../../stack';
import { say } from '../progress';

function printStatus(status: StackStatus): void {
  for (const component of Object.values(status)) {
    const state = component.running ? `running (${component.startedBy === 'us' ? `started by live-risk, pid ${component.pid}` : 'external'})` : 'not running';
    console.log(terminal`${component.name.padEnd(9)} ${state.padEnd(44)} ${component.address}` + (component.logPath ? terminal`  log: ${component.logPath}` : ''));
    if (component.detail) console.log(terminal`          ${component.detail}`);
  }
}

export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('start, stop and inspect the local Kafka and schema registry (fetched from Maven Central on first use)');
  stack
    .command('up')
    .description('fetch (first run only) and start Kafka and Apicurio Registry on loopback; harmless when already up')
    .action(async () => {
      printStatus(await stackUp(loadConfig(), say));
    });
  stack
    .command('down')
    .description('stop the Kafka and registry processes this tool started (never anything else)')
    .action(async () => {
      await stackDown(loadConfig(), say);
    });
  stack
    .command('status')
    .description('probe each service and say whether it is running and who started it; exit 1 if any is down')
    .action(async () => {
      const status = await stackStatus(loadConfig());
      printStatus(status);
      if (!Object.values(status).every((component) => component.running)) process.exitCode = 1;
    });
}
