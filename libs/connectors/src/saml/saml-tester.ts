import { X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ConnectionCheck, ConnectionTester, OpenedService } from '../connector';
import { keyPairMatches } from './sp-key-pair';

const SSO_TIMEOUT_MS = 5000;

async function timed(name: string, step: () => Promise<[boolean, string]> | [boolean, string]): Promise<ConnectionCheck> {
  const started = performance.now();
  const [ok, detail] = await step();
  return { name, ok, detail, ms: Math.round(performance.now() - started) };
}

function certificateCheck(pem: string, now: Date): [boolean, string] {
  const certificate = new X509Certificate(pem);
  const [from, to] = [new Date(certificate.validFrom), new Date(certificate.validTo)];
  if (now < from) return [false, `the IdP certificate is not valid before ${from.toISOString()}`];
  if (now > to) return [false, `the IdP certificate expired on ${to.toISOString()}`];
  return [true, `the IdP certificate is valid until ${to.toISOString()}`];
}

async function ssoCheck(url: string): Promise<[boolean, string]> {
  try {
    const answer = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(SSO_TIMEOUT_MS) });
    await answer.body?.cancel();
    return [true, `the single sign-on URL answered HTTP ${answer.status}`];
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return [false, timedOut ? `the single sign-on URL did not answer within ${SSO_TIMEOUT_MS} ms` : 'the single sign-on URL cannot be reached'];
  }
}

function keyPairCheck(opened: OpenedService): [boolean, string] {
  const certificate = opened.config.spCertificate as string | undefined;
  const key = opened.secrets.decryptionKey;
  if (!certificate && !key) return [true, 'no SP key pair: requests are not signed and assertions cannot be encrypted'];
  if (!certificate || !key) return [false, 'decryptionKey and spCertificate must be given together'];
  return keyPairMatches(key, certificate) ? [true, 'spCertificate is the certificate of decryptionKey'] : [false, 'spCertificate is not the certificate of decryptionKey'];
}

/**
 * A dry run of a SAML config: `certificate` (the IdP certificate parses and is valid now), `sso`
 * (the IdP's single sign-on URL answers HTTP), `spKeyPair` (the SP certificate and key match).
 * Details are our own words, never a configured value.
 */
export function samlTester(opened: OpenedService): ConnectionTester {
  return {
    async test(): Promise<readonly ConnectionCheck[]> {
      return Promise.all([
        timed('certificate', () => certificateCheck(opened.config.certificate as string, new Date())),
        timed('sso', () => ssoCheck(opened.config.providerUri as string)),
        timed('spKeyPair', () => keyPairCheck(opened)),
      ]);
    },
  };
}
