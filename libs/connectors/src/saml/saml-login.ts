import type { LoginContext, RedirectLoginConnector, RedirectLoginKept, RedirectLoginRequest, RedirectStep, UpstreamIdentity } from '../connector';
import { ConnectorError } from '../connectors.errors';
import type { AssertionReplays } from './assertion-replays.repository';
import { checkEnvelope, decodeResponse, readAssertion, SamlStatusNotSuccess, type ResponseExpectations, type VerifiedAssertion } from './saml-response';
import type { SamlServiceProvider } from './saml-service-provider';
import { SamlRefused } from './saml-xml';

const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const EMAIL_ATTRIBUTES = ['email', 'mail', 'urn:oid:0.9.2342.19200300.100.1.3'];

const rejected = (detail: string) => new ConnectorError('UPSTREAM_REJECTED', 'the identity provider response could not be verified', { detail });

/**
 * SP-initiated Web SSO (SAML 2.0 Profiles §4.1): `begin` sends the AuthnRequest by the service's
 * binding, `finish` verifies the HTTP-POST response at the ACS against this login's request.
 */
export function samlLogin(serviceId: string, sp: SamlServiceProvider, replays: AssertionReplays, decryptionKey: string | undefined, idpEntityId: string | undefined): RedirectLoginConnector {
  return {
    async begin(request: RedirectLoginRequest): Promise<{ step: RedirectStep; kept: RedirectLoginKept }> {
      if (sp.binding === 'redirect') {
        const { built, requestId } = await sp.withRequestId(() => sp.saml.getAuthorizeUrlAsync(request.state, undefined, {}));
        return { step: { kind: 'redirect', location: built }, kept: { requestId } };
      }
      const { built, requestId } = await sp.withRequestId(() => sp.saml.getAuthorizeMessageAsync(request.state, undefined, {}));
      const fields = Object.fromEntries(Object.entries(built).map(([name, value]) => [name, String(value)]));
      return { step: { kind: 'post', action: sp.saml.options.entryPoint as string, fields }, kept: { requestId } };
    },

    async finish(params, kept, request, context: LoginContext): Promise<UpstreamIdentity> {
      if (!kept.requestId) throw rejected('the login transaction keeps no SAML request id');
      if (params.RelayState !== undefined && params.RelayState !== request.state) throw rejected('RelayState is not this login state');
      const expected: ResponseExpectations = { acsUrl: sp.acsUrl, entityId: sp.entityId, requestId: kept.requestId, idpEntityId, decryptionKey, now: context.now };
      const assertion = await verified(sp, params.SAMLResponse, expected);
      if (!(await replays.claim(serviceId, assertion.id, assertion.acceptableUntil))) throw rejected(`assertion ${assertion.id} was already used`);
      return identityOf(assertion);
    },
  };
}

async function verified(sp: SamlServiceProvider, field: string | undefined, expected: ResponseExpectations): Promise<VerifiedAssertion> {
  try {
    const xml = decodeResponse(field);
    await checkEnvelope(xml, expected);
    const { profile } = await sp.saml.validatePostResponseAsync({ SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') });
    if (!profile?.getAssertionXml) throw new SamlRefused('node-saml verified no assertion');
    return readAssertion(profile.getAssertionXml(), expected);
  } catch (error) {
    if (error instanceof SamlStatusNotSuccess) throw new ConnectorError('ACCESS_DENIED', 'the identity provider did not sign the user in', { detail: error.message });
    // node-saml's errors are plain Errors; any of them, or ours, refuses the response.
    throw rejected(error instanceof Error ? error.message : String(error));
  }
}

function identityOf(assertion: VerifiedAssertion): UpstreamIdentity {
  const fromAttribute = EMAIL_ATTRIBUTES.map((name) => assertion.attributes[name]).find((value): value is string => typeof value === 'string');
  const email = assertion.nameIdFormat === EMAIL_FORMAT ? assertion.nameId : fromAttribute;
  return { providerUid: assertion.nameId, username: assertion.nameId, ...(email ? { email } : {}), attributes: assertion.attributes };
}
