// (h) SAML ACS verifications (BENCH_SCENARIOS=h selects both; RapidAuth's gateway only, not in
// the default set). Each iteration is one SP-initiated login through a `saml-redirect` service,
// the environment's own client `appKey.<service>` as the app, a fresh cookie jar per login:
//   GET  /v3/oauth/auth                    → 303 to the IdP with our AuthnRequest (HTTP-Redirect)
//   the IdP (samlify, bench/servers/saml-idp.mjs, in this process) signs a Response to that request id
//   POST /saml/:id/acs  SAMLResponse, RelayState → 303 to the resume URL
//   GET  /v3/oauth/resume?login_tx=…       → 303 to the app's redirect URI with the code (state checked)
// (h1) the assertion signed (RSA-SHA256); (h2) signed, then encrypted to the SP's certificate
// (the service's spCertificate/decryptionKey). What the ACS costs the gateway: the form parsed,
// the XML parsed (DOCTYPE refused), the signature verified with the configured certificate
// (exclusive C14N), for (h2) the assertion decrypted (RSA-OAEP key transport, then AES), the
// conditions checked, the request id consumed and the assertion id claimed in the PostgreSQL
// replay cache, the account and identity upserted, the login transaction completed. The IdP's
// signing (and encryption) runs in the runner, on core 1 with the load generator and PostgreSQL.
// Worker i is IdP user i (distinct users, each from its own loopback address, as in (d)).
import { setTimeout as sleep } from 'node:timers/promises';
import { Browser, IterationError, authorizationRequest, codeOfRedirect, expectStatus, send } from '../lib/flows.mjs';
import { authnRequestOf, BenchSamlIdp, makeKeyPair } from '../servers/saml-idp.mjs';
import { createEnabledService, REDIRECT_URI, PEERS_CORE } from '../servers/index.mjs';

const nameIdOf = (worker) => `bench-saml-${worker}@corp.example`;

let idp;
/** The IdP and both services, once per gateway. */
const setups = new WeakMap();
function setUp(server) {
  if (!setups.has(server)) {
    setups.set(
      server,
      (async () => {
        idp ??= new BenchSamlIdp();
        const sp = makeKeyPair('sp.bench.example');
        const config = { redirectUris: [REDIRECT_URI], allowedAttributes: [], providerUri: idp.ssoUrl, logoutUri: idp.sloUrl, certificate: idp.keys.certificate, idpEntityId: idp.entityId };
        const signed = await createEnabledService(server, { name: 'Bench SAML (signed)', type: 'saml-redirect', config }, PEERS_CORE);
        const encrypted = await createEnabledService(
          server,
          { name: 'Bench SAML (encrypted)', type: 'saml-redirect', config: { ...config, spCertificate: sp.certificate, decryptionKey: sp.key } },
          PEERS_CORE,
        );
        return { signed, encrypted };
      })(),
    );
  }
  return setups.get(server);
}

/** One SP-initiated login of `worker` through `serviceId`; resolves the code. */
async function login(server, serviceId, respond, worker, agent) {
  const browser = new Browser(server.url, agent);
  const { state, path } = authorizationRequest(server.endpoints.authorization, { clientId: `${server.tenant.appKey}.${serviceId}`, redirectUri: REDIRECT_URI, scope: 'openid' });
  const authorize = await browser.get(path);
  expectStatus(authorize, 303, 'authorization request');
  if (!authorize.headers.location?.startsWith(idp.ssoUrl)) throw new IterationError('not sent to the IdP', authorize);
  const request = authnRequestOf(authorize.headers.location);
  const samlResponse = await respond(request.id, nameIdOf(worker));
  const acs = await browser.post(`/saml/${serviceId}/acs`, { SAMLResponse: samlResponse, RelayState: request.relayState });
  expectStatus(acs, 303, 'ACS');
  return codeOfRedirect(await browser.get(acs.headers.location), REDIRECT_URI, state, 'resume');
}

/** A target for bench/lib/flows.mjs over the service `variant` names; one login checked first. */
function acsLogins(variant, encrypt) {
  return {
    rapidauth: async (server) => {
      const services = await setUp(server);
      const serviceId = services[variant];
      // The new service reaches the gateway through TenancyChanges: its metadata and one login retried until it does.
      let respond;
      let failure;
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          const metadata = await send(new URL(`/v2/saml/${serviceId}/metadata`, server.url));
          if (metadata.status !== 200) throw new Error(`no SP metadata for ${serviceId}: HTTP ${metadata.status}`);
          respond = idp.responder(metadata.text, { encrypt });
          await login(server, serviceId, respond, 0);
          failure = undefined;
          break;
        } catch (error) {
          failure = error;
          await sleep(100);
        }
      }
      if (failure) throw new Error(`bench (h): a SAML login through the ${variant} service failed: ${failure.message}`);
      return { url: server.url, unit: 'logins/s', iterate: (worker, agent) => login(server, serviceId, respond, worker, agent) };
    },
  };
}

export const SCENARIOS = [
  { id: 'h1', set: 'h', title: 'SAML SP-initiated login, signed assertion (ACS verifications/s)', build: acsLogins('signed', false) },
  { id: 'h2', set: 'h', title: 'SAML SP-initiated login, signed + encrypted assertion (ACS verifications/s)', build: acsLogins('encrypted', true) },
];
