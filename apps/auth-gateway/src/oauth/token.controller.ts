import { Controller, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { requestIdOf } from '@rapidauth/observability';
import { TokenEndpoint, type ClientCredentialsSource, type TokenResponse } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { formBody } from './form-body';

/**
 * POST /oauth/token (RFC 6749 §3.2), every grant type. The gateway's hot path (hot-path/) serves
 * this route without Express through `serve`, with the status and headers declared here.
 */
@Controller('oauth/token')
export class TokenController {
  constructor(private readonly endpoint: TokenEndpoint) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async token(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<TokenResponse> {
    const issued = await this.endpoint.serve({
      authorization: request.headers.authorization,
      body: formBody(request),
      ip: request.ip ?? '',
      origin: request.headers.origin,
      requestId: requestIdOf(request),
      ...(request.headers.dpop !== undefined && { dpop: { proof: request.headers.dpop, method: request.method, path: request.path } }),
    });
    if (issued.dpopNonce) response.setHeader('DPoP-Nonce', issued.dpopNonce);
    return issued.response;
  }

  /**
   * The endpoint over what the HTTP request carried: its form, credentials, address, origin and
   * request id. The hot path hands requests with a `DPoP` header to `token` (Express).
   */
  serve(request: ClientCredentialsSource & { ip: string; requestId?: string }): Promise<TokenResponse> {
    return this.endpoint.handle(request);
  }
}
