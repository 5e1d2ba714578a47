import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ClientAuthenticator, Introspection, readParameters, type ClientCredentialsSource, type IntrospectionResponse } from '@rapidauth/oauth';
import type { Request } from 'express';
import { formBody } from './form-body';

/**
 * POST /oauth/introspect (RFC 7662), for confidential clients. The gateway's hot path (hot-path/)
 * serves this route without Express through `serve`, with the status and headers declared here.
 */
@Controller('oauth/introspect')
export class IntrospectController {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly introspection: Introspection,
  ) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async introspect(@Req() request: Request): Promise<IntrospectionResponse> {
    return this.serve({ authorization: request.headers.authorization, body: formBody(request), origin: request.headers.origin });
  }

  /** The endpoint over what the HTTP request carried: its form, credentials and origin. */
  async serve(request: ClientCredentialsSource): Promise<IntrospectionResponse> {
    const params = readParameters(request.body);
    const caller = await this.authenticator.authenticate({ authorization: request.authorization, body: params, origin: request.origin });
    return this.introspection.introspect(caller, params.token);
  }
}
