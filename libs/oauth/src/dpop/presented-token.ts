import { dpopToken } from '../http/authorization-header';
import type { DpopRequest } from './dpop-proofs';

/** An access token as a resource request presented it: the scheme it came by and, for DPoP, the request's proof. */
export interface PresentedAccessToken {
  readonly token: string;
  readonly scheme: 'bearer' | 'dpop';
  readonly dpop?: DpopRequest;
}

/** What a resource request carried that bears on its token: the headers, its method and path (query left off). */
export interface ResourceRequest {
  readonly headers: { readonly authorization?: string; readonly dpop?: string | string[] };
  readonly method: string;
  readonly path: string;
}

/**
 * The token of `Authorization: DPoP` with the request's proof (RFC 9449 §7.1), or else `bearer`,
 * the token a Bearer header or the form body gave (RFC 6750 §2).
 */
export function presentedAccessToken(request: ResourceRequest, bearer: string | undefined): PresentedAccessToken | undefined {
  const token = dpopToken(request.headers.authorization);
  if (token !== undefined) return { token, scheme: 'dpop', dpop: { proof: request.headers.dpop, method: request.method, path: request.path } };
  return bearer === undefined ? undefined : { token: bearer, scheme: 'bearer' };
}
