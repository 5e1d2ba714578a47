import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { checkDpopProof, DpopProofError, singleDpopHeader, type DpopProof } from './dpop-proof';
import { DpopNonces } from './dpop-nonces';
import { DPOP_REPLAYS, type DpopReplays } from './dpop-replays';

/** The DPoP side of one HTTP request: its header(s), method and path (query left off). */
export interface DpopRequest {
  proof: string | string[] | undefined;
  method: string;
  path: string;
}

/** §8/§9: the proof was fine but lacks the nonce the server wants; `nonce` is the one to use. */
export class DpopNonceNeeded extends Error {
  constructor(readonly nonce: string) {
    super('a server nonce is required');
  }
}

/**
 * Every check of RFC 9449 §4.3 on one request: the stateless ones (dpop-proof.ts), the server
 * nonce when one is required, then single use of the `jti` per key on every instance. The `htu`
 * expected is the public URL (PUBLIC_URL) of the request's path, as the issuer is built.
 */
@Injectable()
export class DpopProofs {
  private readonly nonces: DpopNonces;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DPOP_REPLAYS) private readonly replays: DpopReplays,
  ) {
    this.nonces = new DpopNonces(config.secretPepper.reveal());
  }

  /** The nonce to hand out now (`DPoP-Nonce`). */
  nonce(now: Date): string {
    return this.nonces.current(now);
  }

  /** Undefined when the request carried no proof; throws DpopProofError or DpopNonceNeeded. */
  async verify(request: DpopRequest, options: { accessToken?: string; nonceRequired: boolean; now: Date }): Promise<DpopProof | undefined> {
    const header = singleDpopHeader(request.proof);
    if (header === undefined) return undefined;
    const proof = await checkDpopProof(header, {
      htm: request.method,
      htu: `${this.config.publicUrl}${request.path}`,
      accessToken: options.accessToken,
      now: options.now,
    });
    if (options.nonceRequired && !this.nonces.accepts(proof.nonce, options.now)) throw new DpopNonceNeeded(this.nonces.current(options.now));
    if (!(await this.replays.claim(proof.jkt, proof.jti, options.now))) throw new DpopProofError('the DPoP proof was already used');
    return proof;
  }
}
