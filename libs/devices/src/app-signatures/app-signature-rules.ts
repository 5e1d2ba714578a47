import { randomBytes } from 'node:crypto';
import type { FieldProblem } from '@rapidauth/errors';
import { redirectUriProblem } from '@rapidauth/tenancy';
import { OCRA_HASHES, OcraSuiteError, parseOcraSuite, type OcraSuite } from '../ocra/ocra-suite';

/** RFC 6749 §3.3 scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/**
 * The checks of an app signature that need more than a field's type and bounds, each problem named
 * by its field: collected, so one answer lists them all.
 */
export class SignatureProblems {
  readonly problems: FieldProblem[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** The suite, parsed (RFC 6287 §6), or undefined with the problem noted. */
  suite(suite: string): OcraSuite | undefined {
    try {
      return parseOcraSuite(suite);
    } catch (error) {
      if (!(error instanceof OcraSuiteError)) throw error;
      this.add('ocraSuite', `ocraSuite ${error.message}`);
      return undefined;
    }
  }

  /** The key given in hex, of the length the suite's HMAC takes (RFC 6287 §5.1, RFC 2104 §3), or undefined with the problem noted. */
  key(hex: string, suite: OcraSuite | undefined): Buffer | undefined {
    if (!HEX.test(hex)) {
      this.add('secret', 'secret must be hexadecimal');
      return undefined;
    }
    const key = Buffer.from(hex, 'hex');
    if (suite && key.length !== OCRA_HASHES[suite.hash].keyBytes) {
      this.add('secret', `secret must be ${OCRA_HASHES[suite.hash].keyBytes} bytes (${OCRA_HASHES[suite.hash].keyBytes * 2} hex digits) for HOTP-${suite.hash}`);
      return undefined;
    }
    return key;
  }

  /** Native-app redirect URIs (RFC 8252 §7: private-use scheme, claimed https, or loopback http on any port; §8.3: not "localhost"). */
  redirectUris(uris: readonly string[]): void {
    if (uris.length === 0) this.add('redirectUris', 'redirectUris must hold at least one URI: device clients sign users in with the authorization code flow');
    for (const uri of uris) {
      const problem = redirectUriProblem(uri, 'native');
      if (problem) this.add('redirectUris', `redirectUris "${uri}" ${problem}`);
    }
  }

  /** Scope tokens the environment's clients may be granted: the OpenID Connect ones and its custom scopes. */
  scopes(scopes: readonly string[], allowed: readonly string[]): void {
    for (const scope of scopes) {
      if (!SCOPE_TOKEN.test(scope)) this.add('scopes', `scopes "${scope}" is not a scope token (RFC 6749 §3.3)`);
      else if (!allowed.includes(scope)) this.add('scopes', `scopes "${scope}" is neither an OpenID Connect scope nor one of the environment's custom scopes`);
    }
  }
}

/** A fresh key of the length the suite's HMAC takes. */
export function generateKey(suite: OcraSuite): Buffer {
  return randomBytes(OCRA_HASHES[suite.hash].keyBytes);
}
