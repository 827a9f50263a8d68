import { createConnection, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { HostPort } from '../addresses';

/**
 * Is an SMTP server answering here? A real exchange, not just an open port: read the greeting,
 * say EHLO, read the (possibly multi-line) reply, say QUIT. On the wire:
 *
 *   S: 220 live-risk-mail-sink ESMTP live-risk development mail sink
 *   C: EHLO live-risk-probe
 *   S: 250-live-risk-mail-sink Nice to meet you, ...
 *   S: 250-PIPELINING
 *   S: 250 SIZE 1048576
 *   C: QUIT
 *
 * A reply line is "code-text" when more lines follow and "code text" when it is the last one.
 */
export function probeSmtp(address: HostPort & { secure?: boolean }, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const host = address.host.replace(/^\[|\]$/g, '');
    const socket: Socket = address.secure
      ? connectTls({ host, port: address.port, servername: host })
      : createConnection({ host, port: address.port });
    let buffered = '';
    let step: 'greeting' | 'ehlo' = 'greeting';
    let settled = false;
    const finish = (answer: boolean) => {
      if (settled) return;
      settled = true;
      socket.removeAllListeners('data');
      // Say goodbye politely when it answered; the server then closes the connection itself.
      if (answer) socket.end('QUIT\r\n');
      else socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => {
      finish(false);
      socket.destroy();
    });
    socket.on('error', () => finish(false)); // 'on', not 'once': a reset after QUIT must not go unhandled
    socket.on('close', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const lines = buffered.split('\r\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const last = /^(\d{3})(?: |$)/.exec(line);
        if (!last) continue; // a continuation line ("250-...") or noise
        if (step === 'greeting' && last[1] === '220') {
          step = 'ehlo';
          socket.write('EHLO live-risk-probe\r\n');
        } else if (step === 'ehlo' && last[1] === '250') {
          finish(true);
          return;
        } else {
          finish(false);
          return;
        }
      }
    });
  });
}
