import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ConnectorRegistry, type Connector, type LoginContext, type OpenedService, type UpstreamIdentity } from '@rapidauth/connectors';
import { AuthServiceEntity, type Database } from '@rapidauth/database';
import type { LocalIdentities } from '@rapidauth/identity';
import { AssertionReplays } from '../../../libs/connectors/src/saml/assertion-replays.repository';
import { openSaml } from '../../../libs/connectors/src/saml/saml.connector';
import { alterResponse, makeKeyPair, SamlIdp, type ResponseOptions } from '../../support/saml-idp';
import { createTenant, provisionerOn } from '../../support/tenant';
import { outcome } from './opened-service';

export const PUBLIC_URL = 'https://auth.example.test';
const registry = new ConnectorRegistry();

/** The SAML connector of one stored service against the in-process IdP, on a migrated database. */
export class SamlHarness {
  readonly idp = new SamlIdp();
  readonly spKeys = makeKeyPair('sp.example.test');

  private constructor(
    readonly database: Database,
    readonly serviceId: string,
    readonly organizationId: string,
  ) {}

  /** On a service row of its own (samlServiceRow). */
  static async on(database: Database): Promise<SamlHarness> {
    const { serviceId, organizationId } = await samlServiceRow(database);
    return new SamlHarness(database, serviceId, organizationId);
  }

  /** The SP key pair as config keys: `decryptionKey` and `spCertificate`. */
  get spKeyPair(): Record<string, string> {
    return { decryptionKey: this.spKeys.key, spCertificate: this.spKeys.certificate };
  }

  /** A fresh connector object (as another instance would open one) for this service. */
  connector(type: 'saml-redirect' | 'saml-post' = 'saml-post', config: Record<string, unknown> = {}): Connector {
    const validated = registry.validate(type, {
      redirectUris: ['https://app.example.com/callback'],
      allowedAttributes: [],
      providerUri: this.idp.ssoUrl,
      logoutUri: 'https://idp.example.test/slo',
      certificate: this.idp.certificate,
      ...config,
    });
    const opened: OpenedService = {
      id: this.serviceId,
      type,
      organizationId: this.organizationId,
      environmentId: null,
      config: validated.config,
      secrets: validated.secrets,
      updatedAt: new Date(),
    };
    return openSaml(opened, {
      localIdentities: {} as LocalIdentities,
      publicUrl: PUBLIC_URL,
      assertionReplays: new AssertionReplays(this.database.dataSource),
      logger: new Logger('connector:saml'),
    });
  }

  /** One login through `connector`: begin, the IdP reads the request and answers, finish; its identity or its ConnectorError code. */
  async signIn(connector: Connector, options: Partial<ResponseOptions> & { change?: (xml: string) => string } = {}): Promise<UpstreamIdentity | string> {
    const login = await this.begin(connector);
    const samlResponse = await this.idp.respond(login.metadata, login.received, { nameId: 'alice@example.com', ...options });
    return login.finish(options.change ? alterResponse(samlResponse, options.change) : samlResponse);
  }

  /** The first half of a login: the step the IdP received, and `finish` to post a response to the ACS. */
  async begin(connector: Connector, receiveOptions: { wantAuthnRequestsSigned?: boolean } = {}) {
    const version = connector.service.config.spEntityIdVersion as 'v1' | 'v2';
    const metadata = connector.spMetadata!(version);
    const request = { state: randomBytes(16).toString('base64url'), callbackUrl: `${PUBLIC_URL}/saml/${this.serviceId}/acs` };
    const { step, kept } = await connector.redirectLogin!.begin(request, context());
    const received = await this.idp.receive(step, metadata, receiveOptions);
    return {
      step,
      kept,
      request,
      metadata,
      received,
      finish: (samlResponse: string | undefined, relayState: string = received.relayState) =>
        outcome(
          connector.redirectLogin!.finish(
            { ...(samlResponse === undefined ? {} : { SAMLResponse: samlResponse }), RelayState: relayState },
            kept,
            request,
            context(),
          ),
        ),
    };
  }
}

/** A saml-post service row of a new tenant: the replay cache's rows belong to it. */
export async function samlServiceRow(database: Database): Promise<{ serviceId: string; organizationId: string }> {
  const { organization, environment } = await createTenant(provisionerOn(database.dataSource));
  const { identifiers } = await database.dataSource.manager.insert(AuthServiceEntity, {
    organizationId: organization.id,
    environmentId: environment.id,
    name: 'Corporate IdP',
    type: 'saml-post',
    config: {},
    enabled: true,
  });
  return { serviceId: identifiers[0].id as string, organizationId: organization.id };
}

export function context(): LoginContext {
  return { environmentId: 'env-1', ip: '127.0.0.1', now: new Date() };
}
