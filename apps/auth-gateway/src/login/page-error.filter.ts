import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { asServiceUnavailable, OAuthErrorFilter } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { renderAction } from './render-action';

/**
 * The browser routes' errors: while the database cannot be reached the browser gets the error page
 * (503, Retry-After, the pages' security headers) rather than JSON; anything else is answered as
 * OAuthErrorFilter answers it.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly oauth = new OAuthErrorFilter();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request & { id?: string }>();
    const unavailable = asServiceUnavailable(exception, { id: request.id, path: request.path });
    if (!unavailable) {
      this.oauth.catch(exception, host);
      return;
    }
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    renderAction(response, { kind: 'error-page', error: unavailable, cookies: [] }, { https: this.config.https });
  }
}
