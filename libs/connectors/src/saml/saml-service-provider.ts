import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo, generateServiceProviderMetadata } from '@node-saml/passport-saml';
import type { OpenedService } from '../connector';
import { CLOCK_SKEW_MS } from './saml-response';
import { samlServiceUrls, spEntityId, type SpEntityIdVersion } from './saml-urls';

const SHA256_DIGEST = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** The SP side of one SAML service: its URLs, its keys, and node-saml configured for them. */
export interface SamlServiceProvider {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly binding: 'redirect' | 'post';
  readonly saml: SAML;
  /** The SP metadata as the metadata route of API `version` serves it (its entity id is that version's). */
  readonly metadata: (version: SpEntityIdVersion) => string;
  /** Runs `build` and returns what it built with the ID of the one AuthnRequest it generated. */
  readonly withRequestId: <T>(build: () => Promise<T>) => Promise<{ built: T; requestId: string }>;
}

/**
 * node-saml for one service. InResponseTo is checked by us against the request ID kept on the
 * login transaction (any instance may receive the response), so node-saml keeps no request cache;
 * the ID node-saml generates for a request is caught as it is made.
 */
export function samlServiceProvider(opened: OpenedService, publicUrl: string): SamlServiceProvider {
  const config = opened.config;
  const urls = samlServiceUrls(publicUrl, opened.id);
  const entityId = spEntityId(urls, config.spEntityIdVersion as SpEntityIdVersion);
  const decryptionKey = opened.secrets.decryptionKey;
  const spCertificate = config.spCertificate as string | undefined;
  const signingKey = config.signAuthnRequests === true ? decryptionKey : undefined;
  const binding = opened.type === 'saml-post' ? 'post' : 'redirect';
  const requests = new AsyncLocalStorage<{ id?: string }>();
  const generateUniqueId = () => {
    const id = `_${randomBytes(20).toString('hex')}`;
    const slot = requests.getStore();
    if (slot) slot.id ??= id;
    return id;
  };
  const saml = new SAML({
    entryPoint: config.providerUri as string,
    logoutUrl: config.logoutUri as string,
    issuer: entityId,
    callbackUrl: urls.acsUrl,
    idpCert: config.certificate as string,
    audience: entityId,
    identifierFormat: config.nameIdFormat as string,
    // Either the Response's signature or the assertion's will do; one of them must cover the assertion.
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.never,
    disableRequestedAuthnContext: true,
    authnRequestBinding: binding === 'post' ? 'HTTP-POST' : 'HTTP-Redirect',
    // SAML 2.0 Bindings §3.5.4: the POST binding sends the request base64 only; DEFLATE is the Redirect binding's.
    skipRequestCompression: binding === 'post',
    generateUniqueId,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: SHA256_DIGEST,
    ...(signingKey ? { privateKey: signingKey, publicCert: spCertificate } : {}),
    ...(decryptionKey ? { decryptionPvk: decryptionKey } : {}),
  });
  return {
    entityId,
    acsUrl: urls.acsUrl,
    binding,
    saml,
    metadata: (version) =>
      generateServiceProviderMetadata({
        issuer: spEntityId(urls, version),
        callbackUrl: urls.acsUrl,
        identifierFormat: config.nameIdFormat as string,
        wantAssertionsSigned: true,
        generateUniqueId,
        ...(decryptionKey && spCertificate ? { decryptionPvk: decryptionKey, decryptionCert: spCertificate } : {}),
        ...(signingKey && spCertificate ? { privateKey: signingKey, publicCerts: spCertificate, signatureAlgorithm: 'sha256' as const } : {}),
      }),
    withRequestId: async (build) => {
      const slot: { id?: string } = {};
      const built = await requests.run(slot, build);
      if (!slot.id) throw new Error('node-saml generated no AuthnRequest ID');
      return { built, requestId: slot.id };
    },
  };
}
