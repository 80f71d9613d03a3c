import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server (smtp-server) on a free loopback port that keeps every message it receives, parsed. */
export async function startSmtpReceiver(opts: { user?: string; password?: string } = {}) {
  const messages: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    // plain SMTP on loopback: no STARTTLS certificate to trust, login allowed without TLS
    disabledCommands: opts.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !opts.user,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          messages.push(m);
          for (const w of waiters.splice(0)) w();
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    /** Resolves once `n` messages have arrived. */
    async waitFor(n: number, timeoutMs = 10_000): Promise<ParsedMail[]> {
      const t0 = Date.now();
      while (messages.length < n) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`only ${messages.length} of ${n} e-mails arrived`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver that records every request; `failNext` answers the next n requests with a status. */
export async function startHttpReceiver() {
  const requests: ReceivedRequest[] = [];
  const plan: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const status = plan.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"ok":true}' : '{"error":"receiver says no"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) plan.push(status);
    },
    async waitFor(n: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
      const t0 = Date.now();
      while (requests.length < n) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`only ${requests.length} of ${n} requests arrived`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
