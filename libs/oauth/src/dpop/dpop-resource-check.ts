import { Injectable } from '@nestjs/common';
import { ClientResolver } from '../clients/client-resolver';
import { DpopTokenError, InvalidClientError, InvalidTokenError } from '../errors';
import type { AccessTokenClaims } from '../tokens/claims';
import { DpopProofError } from './dpop-proof';
import { DpopNonceNeeded, DpopProofs } from './dpop-proofs';
import type { PresentedAccessToken } from './presented-token';

/**
 * RFC 9449 §7: what a resource asks of a token's presentation. A bound token (`cnf.jkt`) comes by
 * the DPoP scheme with a proof by its key over this request and this token (`ath`); as Bearer, bare,
 * by another key or with a replayed proof it is refused. An unbound token may come by the DPoP
 * scheme too (§7.1), then with a valid proof by any key. When the token's client requires server
 * nonces (`dpopNonceRequired`), a proof without a current one is answered `use_dpop_nonce` with
 * the nonce to use (§9), its `jti` left unspent. A Bearer token without `cnf` costs nothing here.
 */
@Injectable()
export class DpopResourceCheck {
  constructor(
    private readonly proofs: DpopProofs,
    private readonly clients: ClientResolver,
  ) {}

  async check(claims: AccessTokenClaims, presented: PresentedAccessToken, now: Date): Promise<void> {
    const bound = claims.cnf?.jkt;
    if (presented.scheme === 'bearer') {
      if (bound !== undefined) throw new DpopTokenError('this access token is DPoP-bound: send it as Authorization: DPoP with a proof');
      return;
    }
    if (!presented.dpop) throw new DpopTokenError('a DPoP proof is required with the DPoP scheme');
    const nonceRequired = await this.nonceRequired(claims.client_id);
    let jkt: string | undefined;
    try {
      jkt = (await this.proofs.verify(presented.dpop, { accessToken: presented.token, nonceRequired, now }))?.jkt;
    } catch (error) {
      if (error instanceof DpopProofError) throw new DpopTokenError(error.message);
      if (error instanceof DpopNonceNeeded) throw new DpopTokenError('a server nonce is required', error.nonce);
      throw error;
    }
    if (jkt === undefined) throw new DpopTokenError('a DPoP proof is required with the DPoP scheme');
    if (bound !== undefined && jkt !== bound) throw new DpopTokenError('the DPoP proof is by another key than the token is bound to');
  }

  /** §9: the token's client's setting, as the token endpoint reads it (ClientResolver, dropped on every tenancy change). */
  private async nonceRequired(clientId: string): Promise<boolean> {
    try {
      const client = await this.clients.resolve(clientId);
      return client.kind === 'app' && (client.dpop?.nonceRequired ?? false);
    } catch (error) {
      if (error instanceof InvalidClientError) throw new InvalidTokenError(undefined, { detail: `the token's client ${clientId} is gone` });
      throw error;
    }
  }
}
