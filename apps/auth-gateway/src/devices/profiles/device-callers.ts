import { Injectable } from '@nestjs/common';
import type { DeviceCaller } from '@rapidauth/devices';
import {
  authorizationScheme,
  ClientAuthenticator,
  DpopNonceNeeded,
  DpopProofError,
  DpopProofs,
  InvalidClientError,
  InvalidDpopProofError,
  UseDpopNonceError,
} from '@rapidauth/oauth';
import type { Request } from 'express';

/**
 * The device client behind a profile request: HTTP Basic with its credentials (RFC 6749 §2.3.1),
 * and, when its tokens are DPoP-bound, a proof of this request (RFC 9449 §4.3) checked as the
 * token endpoint checks one.
 */
@Injectable()
export class DeviceCallers {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly dpopProofs: DpopProofs,
  ) {}

  async of(request: Request, now = new Date()): Promise<DeviceCaller> {
    const authorization = request.headers.authorization;
    if (authorizationScheme(authorization) !== 'basic') throw new InvalidClientError('device clients authenticate with HTTP Basic', { basicChallenge: true });
    const client = await this.authenticator.authenticate({ authorization, body: {} });
    if (client.kind !== 'app' || !client.device) throw new InvalidClientError('only device clients have profiles', { basicChallenge: true, detail: client.clientId });
    const dpopJkt = await this.provenKey(request, client.dpop?.boundAccessTokens ?? false, client.dpop?.nonceRequired ?? false, now);
    return { clientId: client.clientId, appSignatureId: client.device.appSignatureId, dpopJkt };
  }

  private async provenKey(request: Request, bound: boolean, nonceRequired: boolean, now: Date): Promise<string | undefined> {
    const proof = request.headers.dpop;
    if (proof === undefined) {
      if (bound) throw new InvalidDpopProofError('this client must send a DPoP proof with every request');
      return undefined;
    }
    try {
      return (await this.dpopProofs.verify({ proof, method: request.method, path: request.path }, { nonceRequired, now }))?.jkt;
    } catch (error) {
      if (error instanceof DpopNonceNeeded) throw new UseDpopNonceError(error.nonce);
      if (error instanceof DpopProofError) throw new InvalidDpopProofError(error.message);
      throw error;
    }
  }
}
