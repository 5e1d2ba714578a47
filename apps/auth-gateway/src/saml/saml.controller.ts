import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { AuthorizationFlow } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { PageErrorFilter } from '../login/page-error.filter';
import { renderAction } from '../login/render-action';
import { SamlMetadata } from './saml-metadata';

const METADATA_TYPE = 'application/samlmetadata+xml';

/**
 * The gateway as a SAML 2.0 SP (docs/saml.md): the Assertion Consumer Service of both SAML types
 * and the SP metadata per entity-id version.
 */
@Controller()
export class SamlController {
  constructor(
    private readonly flow: AuthorizationFlow,
    private readonly metadata: SamlMetadata,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The IdP's HTTP-POST binding response (SAML Bindings §3.5), a cross-site POST: no origin check,
   * it is authenticated by its signature and the single-use RelayState; the browser's binding
   * cookie is checked at the resume it is sent on to.
   */
  @Post('saml/:serviceId/acs')
  @UseFilters(PageErrorFilter)
  async acs(@Param('serviceId') serviceId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const form = isForm(request.body) ? request.body : {};
    const action = await this.flow.redirectCallback(serviceId, { SAMLResponse: form.SAMLResponse, RelayState: form.RelayState }, request.ip ?? '');
    renderAction(response, action, { https: this.config.https });
  }

  /** v1: the fixed entity id of the product RapidAuth replaces. */
  @Get('saml/:serviceId/metadata')
  v1Metadata(@Param('serviceId') serviceId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.metadataAnswer(serviceId, 'v1', response);
  }

  /** v2 and later API versions: the v2 metadata URL is the entity id. */
  @Get(['v2/saml/:serviceId/metadata', 'v3/saml/:serviceId/metadata'])
  v2Metadata(@Param('serviceId') serviceId: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.metadataAnswer(serviceId, 'v2', response);
  }

  /** Headers only on the metadata itself: a 404 stays the JSON error, uncached. */
  private async metadataAnswer(serviceId: string, version: 'v1' | 'v2', response: Response): Promise<string> {
    const xml = await this.metadata.of(serviceId, version);
    response.setHeader('Content-Type', `${METADATA_TYPE}; charset=utf-8`);
    // Public data that changes only when the service's keys do: IdPs polling it may keep it briefly.
    response.setHeader('Cache-Control', 'public, max-age=300');
    return xml;
  }
}

function isForm(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
