import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ClientAuthenticator, Introspection, readParameters, type IntrospectionResponse } from '@rapidauth/oauth';
import type { Request } from 'express';
import { formBody } from './form-body';

/** POST /oauth/introspect (RFC 7662), for confidential clients. */
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
    const params = readParameters(formBody(request));
    const caller = await this.authenticator.authenticate({ authorization: request.headers.authorization, body: params, origin: request.headers.origin });
    return this.introspection.introspect(caller, params.token);
  }
}
