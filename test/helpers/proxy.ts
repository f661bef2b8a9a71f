import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { promisify } from 'node:util';

export interface ProxiedRequest {
  /** `CONNECT` (a tunnel) or the method of a request sent to the proxy whole. */
  method: string;
  /** `host:port` for a tunnel, the absolute URL otherwise. */
  target: string;
  /** The decoded `user:password` of Proxy-Authorization, if any. */
  credentials?: string;
}

/**
 * A forward proxy on 127.0.0.1, as a corporate network has one: CONNECT tunnels and absolute-URI requests.
 * Only the host names it is told of exist behind it (each mapped to a local port), so a request that
 * reaches the workspace proved it went through the proxy. With `credentials`, anything else gets 407.
 */
export class TestProxy {
  readonly seen: ProxiedRequest[] = [];
  private readonly server = http.createServer();
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

  constructor(
    private readonly hosts: Record<string, number>,
    private readonly credentials?: string,
  ) {
    this.server.on('connection', (socket: net.Socket) => this.track(socket));
    this.server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) =>
      this.tunnel(req, socket, head),
    );
    this.server.on('request', (req, res) => this.forward(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** `http://[user:password@]127.0.0.1:port` */
  url(userinfo = ''): string {
    return `http://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Records the request; false when it was refused for its credentials. */
  private admit(req: http.IncomingMessage, target: string): boolean {
    const header = req.headers['proxy-authorization'];
    const credentials = header?.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString('utf8')
      : undefined;
    this.seen.push({ method: req.method ?? '', target, credentials });
    return !this.credentials || credentials === this.credentials;
  }

  private tunnel(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const target = req.url ?? '';
    if (!this.admit(req, target)) {
      socket.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const port = this.hosts[target.replace(/:\d+$/, '')];
    if (!port) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    this.track(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const target = req.url ?? '';
    if (!this.admit(req, target)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"' }).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const port = this.hosts[url.hostname];
    if (!port) {
      res.writeHead(502).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: url.pathname + url.search, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

/**
 * A TLS front for a plain-HTTP server on 127.0.0.1, with a fresh self-signed certificate for `hostname`
 * (made by openssl). `caFile` is that certificate, for NODE_EXTRA_CA_CERTS.
 */
export async function tlsFront(
  hostname: string,
  backendPort: number,
  dir: string,
): Promise<{ port: number; caFile: string; close: () => Promise<void> }> {
  const key = path.join(dir, 'front.key');
  const caFile = path.join(dir, 'front.crt');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${hostname}`,
    '-addext',
    `subjectAltName=DNS:${hostname}`,
    '-keyout',
    key,
    '-out',
    caFile,
  ]);
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    { key: await fs.readFile(key), cert: await fs.readFile(caFile) },
    (socket) => {
      const backend = net.connect(backendPort, '127.0.0.1');
      for (const s of [socket, backend]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      socket.pipe(backend).pipe(socket);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    caFile,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
