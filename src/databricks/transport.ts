/**
 * One HTTP exchange over node:http/https with keep-alive: the client's wire. Not the global fetch: at
 * 10,000 objects a run makes over 20,000 requests, and each fetch (its WHATWG streams, its AbortSignal
 * held through a FinalizationRegistry) lives past two young-generation GCs and is promoted, so the old
 * generation filled with dead requests until a full GC: 70 MB more peak memory in a benchmark of 6,000
 * requests, and most of the 300 MB budget at 10,000 notebooks.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { DIRECT, describeProxy, type ProxyFor } from './proxy.js';

export interface WireRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange: connecting, sending, and reading the answer to its end. */
  timeoutMs: number;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  body: Buffer;
}

/** Sends one request and reads the whole answer; redirects are answers too (never followed). */
export type Transport = (url: string, request: WireRequest) => Promise<WireResponse>;

/**
 * A transport error as fetch words them: `name` TimeoutError, or the system `code` (ECONNREFUSED, ...);
 * `EPROXY` when the proxy refused to open the tunnel. `via` names the proxy the request went through.
 */
export class WireError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly via?: string,
  ) {
    super(message);
    this.name = code === 'TIMEOUT' ? 'TimeoutError' : 'WireError';
  }
}

export interface TransportOptions {
  /** The proxy for each request (proxyFromEnvironment); direct by default. */
  proxyFor?: ProxyFor;
}

/** A keep-alive transport, through a proxy where `proxyFor` says; idle connections never hold the process. */
export function nodeTransport(options: TransportOptions = {}): Transport {
  const proxyFor = options.proxyFor ?? DIRECT;
  const agents = new Map<string, http.Agent>();
  const route = (target: URL) => {
    const proxy = proxyFor(target);
    const secure = target.protocol === 'https:';
    const key = `${target.protocol}${proxy?.href ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
      // https through a proxy is a CONNECT tunnel; plain http is sent to the proxy whole (absolute URI).
      agent = !proxy
        ? new (secure ? https.Agent : http.Agent)({ keepAlive: true })
        : secure
          ? new HttpsProxyAgent(proxy, { keepAlive: true })
          : new HttpProxyAgent(proxy, { keepAlive: true });
      agents.set(key, agent);
    }
    return { secure, module: secure ? https : http, agent, via: proxy && describeProxy(proxy) };
  };
  return (url, request) =>
    new Promise<WireResponse>((resolve, reject) => {
      const target = new URL(url);
      const { secure, module, agent, via } = route(target);
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const headers: Record<string, string | number> = { ...request.headers };
      if (body) headers['Content-Length'] = body.length;
      let settled = false;
      const fail = (error: Error & { code?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(
          error instanceof WireError ? error : new WireError(error.message, error.code ?? 'ECONNRESET', via),
        );
      };
      const proxyRefused = (status: number, statusText: string) =>
        fail(new WireError(`the proxy ${via} answered HTTP ${status} ${statusText}`.trim(), 'EPROXY', via));
      const req = module.request(target, { method: request.method, headers, agent }, (res) => {
        // Plain http through a proxy: the proxy's own refusal comes back as an answer (drained, so that its
        // kept-alive socket goes back to the agent).
        if (via && !secure && res.statusCode === 407) {
          res.resume();
          return proxyRefused(407, res.statusMessage ?? '');
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete)
            fail(new WireError('the connection closed before the answer ended', 'ECONNRESET'));
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const raw = res.headers;
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: {
              get(name) {
                const value = raw[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            body: Buffer.concat(chunks),
          });
        });
      });
      const timer = setTimeout(() => {
        fail(new WireError(`no answer within ${request.timeoutMs} ms`, 'TIMEOUT'));
        req.destroy();
      }, request.timeoutMs);
      req.on('error', fail);
      // https through a proxy: the CONNECT answer arrives before any of the server's.
      req.on('proxyConnect', (answer?: { statusCode?: number; statusText?: string }) => {
        if (secure && typeof answer?.statusCode === 'number' && answer.statusCode !== 200) {
          proxyRefused(answer.statusCode, answer.statusText ?? '');
          req.destroy();
        }
      });
      req.end(body);
    });
}
