import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { Reply, type EmulatorRequest } from '../router.js';
import type { ApiModule } from './module.js';

/**
 * The workspace's OAuth endpoints (reference §19.1; databricks-sdk-go config/auth_m2m.go): discovery at
 * `/oidc/.well-known/oauth-authorization-server` and `POST /oidc/v1/token` for machine-to-machine
 * (`client_credentials` with HTTP Basic client id and secret) and token exchange (`subject_token`, a
 * GitHub OIDC JWT, with `client_id` in the form). Tokens it issues are accepted as bearer tokens.
 */
export class OAuthStore {
  /** Service principal OAuth secrets by client (application) id. */
  readonly clients = new Map<string, string>();
  /** Client ids with a federation policy: a token exchange for them is accepted (the JWT is not verified). */
  readonly federated = new Set<string>();
  readonly issued = new Set<string>();
  /** The client (service principal application id) each issued token authenticates, for SCIM `Me`. */
  private readonly owners = new Map<string, string>();
  private counter = 0;

  constructor(private readonly context: EmulatorContext) {}

  issue(clientId: string): string {
    const token = `dose${createHash('sha256').update(`${this.context.orgId}:${clientId}:${++this.counter}`).digest('hex').slice(0, 32)}`;
    this.issued.add(token);
    this.owners.set(token, clientId);
    return token;
  }

  /** The application id of the service principal a token was issued to; undefined for other tokens. */
  clientOf(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.owners.get(token);
  }
}

function oauthError(status: number, error: string, description: string): Reply {
  return Reply.json({ error, error_description: description }, status);
}

function form(request: EmulatorRequest): URLSearchParams {
  return new URLSearchParams(request.rawBody.toString('utf8'));
}

export const oauthApi: ApiModule<{ readonly oauth: OAuthStore }> = {
  name: 'oauth',
  register(router, state) {
    const store = state.oauth;
    router.get(
      '/oidc/.well-known/oauth-authorization-server',
      (request) => {
        const host = `http://${String(request.headers.host)}`;
        return {
          issuer: `${host}/oidc`,
          authorization_endpoint: `${host}/oidc/v1/authorize`,
          token_endpoint: `${host}/oidc/v1/token`,
          grant_types_supported: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        };
      },
      { public: true },
    );
    router.post(
      '/oidc/v1/token',
      (request) => {
        const params = form(request);
        const grant = params.get('grant_type');
        if (grant === 'client_credentials') {
          const basic = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''));
          const [id, secret] = basic
            ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent)
            : [params.get('client_id') ?? '', params.get('client_secret') ?? ''];
          if (!id || store.clients.get(id) !== secret)
            return oauthError(401, 'invalid_client', 'Client authentication failed');
          return { access_token: store.issue(id), token_type: 'Bearer', expires_in: 3600, scope: 'all-apis' };
        }
        if (grant === 'urn:ietf:params:oauth:grant-type:token-exchange') {
          const id = params.get('client_id') ?? '';
          if (!params.get('subject_token'))
            return oauthError(400, 'invalid_request', 'subject_token is required');
          if (!store.federated.has(id))
            return oauthError(401, 'invalid_client', `No federation policy for client ${id || '(none)'}`);
          return { access_token: store.issue(id), token_type: 'Bearer', expires_in: 3600, scope: 'all-apis' };
        }
        return oauthError(400, 'unsupported_grant_type', `grant_type ${grant ?? '(none)'} is not supported`);
      },
      { public: true, rawBody: true },
    );
  },
};
