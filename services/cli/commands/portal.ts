import { InvalidArgumentError, type Command } from 'commander';
import { userInfo } from 'node:os';
import { loadEncompassDirectory } from '../../encompass';
import { LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { assignCover, endCover, isPortalRole, portalRoles, registerSchoolDsl, setPassword, setRoles } from '../../portal';
import { awaitConsumers } from '../await-consumers';
import { withRuntime } from '../with-runtime';

/**
 * `live-risk portal`: accounts and cover for the practitioner portal. A password is never taken
 * from the command line (it would sit in shell history and in `ps`): it is read from standard input,
 * or asked for twice without echo on a terminal.
 */
async function readPasswordFromPipe(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    let typed = '';
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (characters: string) => {
      for (const character of characters) {
        if (character === '\r' || character === '\n') {
          finish();
          return resolve(typed);
        }
        if (character === '\u0003') {
          finish();
          return reject(new LiveRiskError('INPUT_INVALID', 'cancelled', { hint: 'run the command again to set the password' }));
        }
        typed = character === '\u007f' || character === '\b' ? typed.slice(0, -1) : typed + character;
      }
    };
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}

async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readPasswordFromPipe();
  const first = await promptHidden('New password (at least 12 characters): ');
  const second = await promptHidden('The same password again: ');
  if (first !== second) throw new LiveRiskError('INPUT_INVALID', 'the two passwords differ', { hint: 'run the command again and type the same password twice' });
  return first;
}

function instantOption(value: string): Date {
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(parsed.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date or date-time, e.g. 2026-04-10T17:00:00+01:00');
  return parsed;
}

export function registerPortalCommands(program: Command): void {
  const portal = program.command('portal').description('accounts and cover for the practitioner portal (`live-risk serve`)');
  const account = portal.command('account').description('practitioners’ portal accounts');
  account
    .command('set-password')
    .description('set or reset a practitioner’s password (read from standard input, or asked for without echo); ends their sessions and any lock-out')
    .argument('<practitioner-id>', 'the practitioner id from the cohort, e.g. P001')
    .action(async (practitionerId: string) => {
      const password = await readNewPassword();
      await withRuntime(async (runtime) => {
        await awaitConsumers(runtime, ['cohort'], 30);
        await setPassword(runtime.db, practitionerId, password, new Date());
      });
      console.log(terminal`password set for ${practitionerId}; their other sessions were signed out`);
    });
  account
    .command('roles')
    .description(`set what a practitioner's local account may do (${portalRoles.join(', ')}); ends their sessions so the change applies at their next sign-in`)
    .argument('<practitioner-id>', 'the practitioner id from the cohort, e.g. P001')
    .argument('<roles...>', 'one or more roles, e.g. lead-practitioner team-manager')
    .action(async (practitionerId: string, roles: string[]) => {
      const unknown = roles.filter((role) => !isPortalRole(role));
      if (unknown.length > 0) throw new LiveRiskError('INPUT_INVALID', terminal`unknown role ${unknown.join(', ')}`, { hint: `roles are ${portalRoles.join(', ')}` });
      await withRuntime((runtime) => setRoles(runtime.db, practitionerId, roles.filter(isPortalRole)));
      console.log(terminal`${practitionerId} now holds ${roles.join(', ')}; their sessions were signed out`);
    });
  account
    .command('school-dsl')
    .description("register a school's designated safeguarding lead: they sign in as <id> and see only that school's Operation Encompass notifications (no digests, no families); ends their sessions")
    .argument('<id>', 'the id they will sign in with (not a practitioner id), e.g. DSL-100001')
    .requiredOption('--school <urn>', "the school's URN from the schools register, e.g. 100001")
    .requiredOption('--name <name>', 'their name, shown in the page header')
    .action(async (staffId: string, options: { school: string; name: string }) => {
      await withRuntime(async (runtime) => {
        const register = loadEncompassDirectory(runtime.config.encompass);
        if (!register.schoolByUrn(options.school)) {
          throw new LiveRiskError('NOT_FOUND', terminal`no school ${options.school} in the schools register (version ${register.register.version})`, {
            hint: 'check the URN, or add the school to the file LIVE_RISK_SCHOOLS_FILE names',
          });
        }
        await awaitConsumers(runtime, ['cohort'], 30);
        await registerSchoolDsl(runtime.db, { staffId, name: options.name, schoolUrn: options.school }, new Date());
      });
      console.log(terminal`${staffId} is the DSL of school ${options.school}; set their password with \`live-risk portal account set-password ${staffId}\` (or they sign in through the identity provider, in its school-dsls group)`);
    });

  const cover = portal.command('cover').description('let another practitioner see a family while its lead is away');
  cover
    .command('assign')
    .description('assign a practitioner to cover a family, from now')
    .argument('<family-id>', 'the family')
    .argument('<practitioner-id>', 'the practitioner who covers')
    .option('--until <instant>', 'when the cover ends (default: until `portal cover end`)', instantOption)
    .option('--reason <text>', 'why, for the record')
    .option('--by <manager>', 'the manager assigning it (default: your user name)', userInfo().username)
    .action(async (familyId: string, practitionerId: string, options: { until?: Date; reason?: string; by: string }) => {
      const assigned = await withRuntime(async (runtime) => {
        await awaitConsumers(runtime, ['cohort'], 30);
        return assignCover(runtime.db, { familyId, practitionerId, assignedBy: options.by, until: options.until, reason: options.reason }, new Date());
      });
      console.log(terminal`${practitionerId} covers family ${familyId} from ${assigned.from.toISOString()}${assigned.until ? ` until ${assigned.until.toISOString()}` : ' until ended'} (assigned by ${assigned.assignedBy})`);
    });
  cover
    .command('end')
    .description('end a practitioner’s cover of a family, now')
    .argument('<family-id>', 'the family')
    .argument('<practitioner-id>', 'the practitioner covering')
    .action(async (familyId: string, practitionerId: string) => {
      const ended = await withRuntime((runtime) => endCover(runtime.db, { familyId, practitionerId }, new Date()));
      if (ended === 0) {
        throw new LiveRiskError('NOT_FOUND', `${practitionerId} is not covering family ${familyId}`, { hint: 'nothing to end; check the ids' });
      }
      console.log(terminal`${practitionerId} no longer covers family ${familyId}`);
    });
}
