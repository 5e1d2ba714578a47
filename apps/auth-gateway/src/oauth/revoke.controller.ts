import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ClientAuthenticator, InvalidClientError, readParameters, TokenRevocation } from '@rapidauth/oauth';
import type { Request } from 'express';
import { formBody } from './form-body';

/** POST /oauth/revoke (RFC 7009); public clients authenticate with client_id alone. */
@Controller('oauth/revoke')
export class RevokeController {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly revocation: TokenRevocation,
  ) {}

  @Post()
  @HttpCode(200)
  async revoke(@Req() request: Request): Promise<void> {
    const params = readParameters(formBody(request));
    const client = await this.authenticator.authenticate({ authorization: request.headers.authorization, body: params, origin: request.headers.origin });
    if (client.kind !== 'app') throw new InvalidClientError('organization clients have no tokens to revoke here');
    await this.revocation.revoke(client, params.token);
  }
}
