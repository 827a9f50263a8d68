import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { escapeLinesForTerminal, terminal } from '../../platform/terminal';
import { findMail, readMailbox, type ReceivedMail } from '../../stack/mail-sink/mailbox';
import { mailDirectory } from '../../stack/mail-sink/store';
import { formatOption } from '../options';

/**
 * `live-risk mail`: what the development mail sink (started by `live-risk stack up`) received.
 * It reads the sink's files in the state dir; it cannot see a real mail server or a docker
 * compose Mailpit (use Mailpit's web page on http://127.0.0.1:8025 for that).
 */
const sinkOnly =
  'Reads only the local development mail sink that `live-risk stack up` starts (files in ' +
  '$LIVE_RISK_STATE_DIR/mail), never a real mailbox.';

const asJson = (mail: ReceivedMail) => ({
  file: mail.file,
  receivedAt: mail.receivedAt.toISOString(),
  messageId: mail.messageId,
  from: mail.from,
  to: mail.to,
  subject: mail.subject,
  date: mail.date?.toISOString() ?? null,
});

export function registerMailCommands(program: Command): void {
  const mail = program
    .command('mail')
    .description('list and read the emails the local development mail sink received (development and tests only)')
    .addHelpText('after', `\n${sinkOnly}`);

  mail
    .command('list')
    .description('list received emails, oldest first')
    .option('--to <address>', 'only emails to this address (case-insensitive)')
    .option('--format <format>', 'json or text', formatOption, 'text')
    .addHelpText('after', `\n${sinkOnly}`)
    .action(async (options: { to?: string; format: 'json' | 'text' }) => {
      const config = loadConfig();
      const mails = await readMailbox(config, options.to !== undefined ? { to: options.to } : {});
      if (options.format === 'json') {
        console.log(JSON.stringify(mails.map(asJson), null, 2));
        return;
      }
      if (mails.length === 0) {
        console.log(terminal`no emails in ${mailDirectory(config.stateDir)}` + (options.to ? terminal` to ${options.to}` : ''));
        return;
      }
      for (const m of mails) console.log(terminal`${m.file}  ${m.to.join(', ')}  ${m.subject}`);
    });

  mail
    .command('show')
    .description('print one received email: its headers and text, or with --raw the whole message')
    .argument('<file-or-message-id>', 'a file name from `live-risk mail list`, or the Message-ID with or without <>')
    .option('--raw', 'print the message exactly as received (headers, MIME parts and all)')
    .option('--html', 'print the HTML part instead of the text part')
    .addHelpText('after', `\n${sinkOnly}`)
    .action(async (reference: string, options: { raw?: boolean; html?: boolean }) => {
      const config = loadConfig();
      const found = await findMail(config, reference);
      if (found === null) {
        throw new LiveRiskError('NOT_FOUND', `no email ${reference} in ${mailDirectory(config.stateDir)}`, {
          hint: 'run `live-risk mail list` to see the file names and then `live-risk mail show <file>`',
        });
      }
      if (options.raw) {
        process.stdout.write(readFileSync(found.path));
        return;
      }
      console.log(
        [
          terminal`File:       ${found.file}`,
          terminal`Received:   ${found.receivedAt.toISOString()}`,
          terminal`Message-ID: ${found.messageId ?? '(none)'}`,
          terminal`From:       ${found.from}`,
          terminal`To:         ${found.to.join(', ')}`,
          terminal`Subject:    ${found.subject}`,
          '',
          escapeLinesForTerminal(options.html ? (found.html ?? '(no HTML part)') : found.text),
        ].join('\n'),
      );
    });
}
