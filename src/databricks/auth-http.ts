import { WireError, type Transport, type WireResponse } from './transport.js';

/** A token endpoint (Databricks OIDC, Azure AD, GitHub ID tokens) failed or answered nonsense. */
export class AuthError extends Error {
  constructor(
    message: string,
    /** The auth type whose flow failed, e.g. `oauth-m2m`. */
    readonly flow: string,
    /** The URL called, without its query string. */
    readonly endpoint: string,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** Every secret value seen so far, so the caller can mask them and errors can scrub them. */
export class SecretSet {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value) this.values.add(value);
  }

  list(): string[] {
    return [...this.values];
  }

  /** Replaces any known secret in the text (a server may echo what it was sent). */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.values) if (secret.length >= 4) out = out.split(secret).join('***');
    return out;
  }
}

export interface TokenHttp {
  /** The same wire as the API client's, so the proxy settings hold for token endpoints too. */
  transport: Transport;
  timeoutMs: number;
  secrets: SecretSet;
}

export interface TokenCall {
  /** The auth type, for the message. */
  flow: string;
  /** What the call is for, e.g. `token request`, `ID token request`. */
  purpose: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** What the user should check when the server refuses, e.g. which attributes. */
  hint: string;
}

/** `oauth-m2m auth: token request POST https://…/oidc/v1/token answered HTTP 401 (…); check …` */
function failure(
  http: TokenHttp,
  call: TokenCall,
  problem: string,
  status?: number,
  hint = call.hint,
): AuthError {
  const endpoint = withoutQuery(call.url);
  const message = `${call.flow} auth: ${call.purpose} ${call.method} ${endpoint} ${problem}; ${hint}`;
  return new AuthError(http.secrets.scrub(oneLine(message)), call.flow, endpoint, status);
}

/**
 * Requests an OAuth access token. The lifetime comes from `expires_in` (relative, so immune to clock
 * skew) or else `expires_on` (epoch seconds, Azure AD v1).
 */
export async function fetchAccessToken(http: TokenHttp, call: TokenCall, now: () => number): Promise<Token> {
  const requestedAt = now();
  const { json, status } = await callTokenEndpoint(http, call);
  const accessToken = json.access_token;
  if (typeof accessToken !== 'string' || !accessToken.trim())
    throw failure(http, call, `answered HTTP ${status} without an access_token`, status);
  http.secrets.add(accessToken);
  const expiresIn = readSeconds(json.expires_in);
  const expiresOn = readSeconds(json.expires_on);
  const expiresAt =
    expiresIn !== undefined
      ? requestedAt + expiresIn * 1000
      : expiresOn !== undefined
        ? expiresOn * 1000
        : undefined;
  return { accessToken, expiresAt };
}

/** Requests a GitHub Actions OIDC ID token (`{"value": "<JWT>"}`). */
export async function fetchIdToken(http: TokenHttp, call: TokenCall): Promise<string> {
  const { json, status } = await callTokenEndpoint(http, call);
  const value = json.value;
  if (typeof value !== 'string' || !value.trim())
    throw failure(http, call, `answered HTTP ${status} without a token value`, status);
  http.secrets.add(value);
  return value;
}

/** Calls a token endpoint and returns its JSON object; any failure becomes a one-line AuthError. */
async function callTokenEndpoint(
  http: TokenHttp,
  call: TokenCall,
): Promise<{ json: Record<string, unknown>; status: number }> {
  const fail = (problem: string, status?: number, hint?: string) =>
    failure(http, call, problem, status, hint);
  const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
  let body: string | undefined;
  if (call.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(call.form).toString();
  }
  let response: WireResponse;
  try {
    response = await http.transport(call.url, {
      method: call.method,
      headers,
      body,
      timeoutMs: http.timeoutMs,
    });
  } catch (error) {
    const err = error as Error & { code?: string };
    if (err.name === 'TimeoutError')
      throw fail(
        `got no answer within ${http.timeoutMs / 1000} s`,
        undefined,
        'check the network and the host',
      );
    if (err.code === 'EPROXY') throw fail(`could not connect: ${err.message}`, undefined, 'check the proxy');
    const via = error instanceof WireError && error.via ? ` through the proxy ${error.via}` : '';
    throw fail(
      `could not connect${via} (${err.code ?? err.message})`,
      undefined,
      'check the URL and the network',
    );
  }
  const text = response.body.toString('utf8');
  if (response.status < 200 || response.status >= 300) {
    throw fail(`answered HTTP ${response.status}${describeErrorBody(text, response)}`, response.status);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const type = (response.headers.get('content-type') ?? 'no content type').split(';')[0];
    throw fail(`answered HTTP ${response.status} with something that is not JSON (${type})`, response.status);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw fail(`answered HTTP ${response.status} with JSON that is not an object`, response.status);
  return { json: json as Record<string, unknown>, status: response.status };
}

/** ` (invalid_client: Client authentication failed)` from OAuth, Databricks or plain-text error bodies. */
function describeErrorBody(text: string, response: WireResponse): string {
  const trimmed = text.trim();
  let code = '';
  let description = '';
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed) as Record<string, unknown>;
      code = firstString(json.error, json.error_code);
      description = firstString(json.error_description, json.message, json.detail);
    } catch {
      description = '';
    }
  } else if (trimmed && !trimmed.startsWith('<') && trimmed.length <= 200) {
    description = trimmed;
  }
  // Azure AD appends trace/correlation ids and timestamps: noise in a one-line message.
  description = oneLine(description.split(/\s*Trace ID:/)[0]);
  if (description.length > 300) description = `${description.slice(0, 300)}...`;
  const parts = [code, description].filter(Boolean);
  if (parts.length === 0) return response.statusText ? ` ${response.statusText}` : '';
  return ` (${parts.join(': ')})`;
}

function firstString(...values: unknown[]): string {
  for (const value of values) if (typeof value === 'string' && value.trim()) return value.trim();
  return '';
}

function withoutQuery(url: string): string {
  const index = url.search(/[?#]/);
  return index < 0 ? url : url.slice(0, index);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads seconds from a number or a numeric string (Azure AD v1 sends strings). */
export function readSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

export interface Token {
  accessToken: string;
  /** Epoch milliseconds; undefined when the server did not say. */
  expiresAt?: number;
}

/** Tokens whose lifetime the server does not state are used for this long. */
const UNKNOWN_LIFETIME_MS = 5 * 60_000;

/**
 * Caches one token until `leadMs` before it expires (or half its lifetime, for very short-lived
 * tokens); concurrent callers share a single in-flight request, and a failed request is not cached.
 */
export class TokenCache {
  private token?: { accessToken: string; refreshAt: number };
  private inFlight?: Promise<string>;

  constructor(
    private readonly fetchToken: () => Promise<Token>,
    private readonly now: () => number,
    private readonly leadMs: number,
  ) {}

  get(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return Promise.resolve(this.token.accessToken);
    if (!this.inFlight) {
      const requestedAt = this.now();
      this.inFlight = this.fetchToken()
        .then((token) => {
          this.token = { accessToken: token.accessToken, refreshAt: this.refreshAt(token, requestedAt) };
          return token.accessToken;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }

  private refreshAt(token: Token, requestedAt: number): number {
    const expiresAt = token.expiresAt ?? requestedAt + UNKNOWN_LIFETIME_MS;
    const lifetime = Math.max(0, expiresAt - requestedAt);
    return expiresAt - Math.min(this.leadMs, lifetime / 2);
  }
}
