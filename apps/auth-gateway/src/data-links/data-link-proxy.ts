import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { AccessTokenVerifier, InvalidTokenError, type PresentedAccessToken, ServiceUnavailableError, type AccessTokenClaims } from '@rapidauth/oauth';
import { TokenVault, VaultOpenError, type SealedVaultEntry, type VaultTokens } from '@rapidauth/vault';
import { backendTarget, type ProxyPath } from './backend-target';
import { DataLinkCache } from './data-link-cache';
import { BackendUnavailableError, ServiceMismatchError, UnknownDataLinkError } from './data-link.errors';
import { DataLinksRepository, type ProxiedLink } from './data-links.repository';
import { forwardedRequestHeaders, returnedResponseHeaders } from './forwarded-headers';
import { linkEnvironmentOf } from './link-environment';
import { mappedHeaders, usableMappings, type HeaderMapping } from './mapped-headers';

/** A request that passed every check: where it goes and the headers the mappings add. */
export interface AuthorizedRequest {
  readonly link: ProxiedLink;
  readonly target: URL;
  /** Every header a mapping names (lower-case), set or not: the client's own values of them never pass. */
  readonly mappedNames: ReadonlySet<string>;
  /** The values the mappings set (an attribute the login lacks sets none). */
  readonly mapped: Record<string, string>;
}

/** Where the client is, as the gateway's trust-proxy settings see it; set as the forwarding fields. */
export interface ClientOrigin {
  readonly ip: string;
  readonly protocol: string;
  readonly host: string | undefined;
}

/**
 * The data-link proxy (docs/gateway.md#data-links), in two steps:
 *   1. authorize: the bearer token (ours, a user's access token, unrevoked), the link by the
 *      token's environment and the path's name (DataLinkCache), the login (and its vault entry, in
 *      the same statement), the token's service against the link's, then the mapped headers (the
 *      vault entry is opened, and that audited, only now). Nothing reaches the backend before it passes.
 *   2. forward: the client's request streamed to the backend (method, rest of path, query, body;
 *      headers filtered) and the answer streamed back, within the link's timeout.
 */
@Injectable()
export class DataLinkProxy implements OnApplicationShutdown {
  private readonly logger = new Logger(DataLinkProxy.name);
  /** Connections to backends are reused across requests (and closed at shutdown). */
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly links: DataLinkCache,
    private readonly logins: DataLinksRepository,
    private readonly vault: TokenVault,
    private readonly audit: AuditLog,
  ) {}

  onApplicationShutdown(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async authorize(presented: PresentedAccessToken | undefined, path: ProxyPath | undefined): Promise<AuthorizedRequest> {
    const claims = await this.userToken(presented);
    const environmentId = linkEnvironmentOf(claims);
    // The link first (from the cache, as a rule): its mappings say whether the login's statement also reads the vault entry.
    const link = environmentId && path ? await this.links.findEnabled(environmentId, path.name) : undefined;
    const mappings = link ? usableMappings(link.headerMappings) : [];
    const login = await this.logins.findLogin(claims.sid!, claims.sub, mappings.length > 0);
    // Revoked or disabled: refused before anything about the link is said.
    if (!login || login.accountDisabled) throw new InvalidTokenError(undefined, { detail: 'login revoked, gone or disabled' });
    if (!link || !path) throw new UnknownDataLinkError();
    if (claims.svc !== link.authServiceId) throw new ServiceMismatchError(`token of service ${claims.svc ?? 'none'}, link ${link.id}`);
    const tokens = login.vaultEntry && mappings.length > 0 ? await this.openVault(link, claims, mappings, login.vaultEntry) : undefined;
    return {
      link,
      target: backendTarget(link.backendUrl, path),
      mappedNames: new Set(mappings.map((mapping) => mapping.header.toLowerCase())),
      mapped: mappedHeaders(mappings, { tokens, profile: login.profile }),
    };
  }

  /** Streams the request to the backend and its answer back; failures before the answer starts are thrown (502/504). */
  forward(authorized: AuthorizedRequest, request: IncomingMessage, response: ServerResponse, origin: ClientOrigin): Promise<void> {
    const { link, target, mapped, mappedNames } = authorized;
    const https = target.protocol === 'https:';
    const headers = {
      ...forwardedRequestHeaders(request.headers, mappedNames),
      ...mapped,
      'x-forwarded-for': origin.ip,
      'x-forwarded-proto': origin.protocol,
      ...(origin.host && { 'x-forwarded-host': origin.host }),
    };
    return new Promise<void>((resolve, reject) => {
      const outbound = (https ? httpsRequest : httpRequest)({
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers,
        agent: https ? this.agents.https : this.agents.http,
      });
      /** waiting: no answer yet (a failure is thrown); answering: streaming it back (a failure cuts it); done. */
      let state: 'waiting' | 'answering' | 'done' = 'waiting';
      const fail = (status: 502 | 504, detail: string) => {
        clearTimeout(timer);
        if (state === 'waiting') {
          state = 'done';
          outbound.destroy();
          reject(new BackendUnavailableError(status, `link ${link.id}: ${detail}`));
        } else if (state === 'answering') {
          state = 'done';
          response.destroy();
          resolve();
        }
      };
      // RFC 9110 §15.6.5: no answer (its status line and headers) within the link's timeout.
      const timer = setTimeout(() => fail(504, `no answer within ${link.timeoutMs} ms`), link.timeoutMs);
      outbound.on('error', (error: NodeJS.ErrnoException) => fail(502, error.code ?? 'request failed'));
      outbound.on('response', (backend) => {
        clearTimeout(timer);
        if (state !== 'waiting') {
          backend.destroy();
          return;
        }
        state = 'answering';
        response.writeHead(backend.statusCode ?? 502, returnedResponseHeaders(backend.headers));
        backend.pipe(response);
        backend.on('error', () => fail(502, 'answer cut off'));
        backend.on('end', () => {
          state = 'done';
          resolve();
        });
      });
      // The client gave up: nothing more goes to or comes from the backend.
      response.on('close', () => {
        if (state === 'done') return;
        clearTimeout(timer);
        state = 'done';
        outbound.destroy();
        resolve();
      });
      // RFC 9112 §6.3: without Content-Length or Transfer-Encoding a request has no body, so there is nothing to stream.
      if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) outbound.end();
      else request.pipe(outbound);
    });
  }

  /** Our access token of a user's login; management and client tokens are refused (401). */
  private async userToken(presented: PresentedAccessToken | undefined): Promise<AccessTokenClaims> {
    const claims = await this.verifier.verifyPresented(presented);
    if (claims.token_use !== 'access' || !claims.sid) throw new InvalidTokenError('not a user access token');
    return claims;
  }

  /** The login's upstream tokens, from its entry as read with the login; each entry opened is an audit event naming the mapped attributes it holds. */
  private async openVault(link: ProxiedLink, claims: AccessTokenClaims, mappings: readonly HeaderMapping[], entry: SealedVaultEntry): Promise<VaultTokens> {
    let tokens: VaultTokens;
    try {
      tokens = this.vault.open(entry);
    } catch (error) {
      if (!(error instanceof VaultOpenError)) throw error;
      this.logger.error({ dataLinkId: link.id, familyId: claims.sid, reason: error.message }, 'vault entry does not open');
      throw new ServiceUnavailableError({ code: 'UPSTREAM_UNAVAILABLE', detail: 'vault entry does not open' });
    }
    const attributes = [...new Set(mappings.map((mapping) => mapping.attribute).filter((name) => Object.hasOwn(tokens, name)))];
    await this.audit.record({
      actor: { type: 'account', id: claims.sub },
      action: 'vault.read',
      target: { type: 'data-link', id: link.id },
      organizationId: link.organizationId,
      details: { dataLinkId: link.id, familyId: claims.sid, attributes },
    });
    return tokens;
  }
}
