import { Controller, Get, Header } from '@nestjs/common';
import { Discovery, SigningKeys } from '@rapidauth/oauth';

/** Discovery and JWKS. */
@Controller('.well-known')
export class WellKnownController {
  constructor(
    private readonly discovery: Discovery,
    private readonly keys: SigningKeys,
  ) {}

  @Get('openid-configuration')
  @Header('Cache-Control', 'public, max-age=300')
  configuration(): Record<string, unknown> {
    return this.discovery.document();
  }

  /** Keys appear here PUBLISH_LEAD_SECONDS (10 min) before they sign, so max-age=300 is safe. */
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks() {
    return this.keys.jwks();
  }
}
