import { CommonConfig } from '../config/common.config';
import { absoluteUriProblem, certificateProblem, httpUrlProblem } from '../config/checks';
import { Field } from '../config/field';
import { decryptionKeyProblem, signAuthnRequestsProblem, spCertificateProblem } from './sp-key-pair';
import { SP_ENTITY_ID_VERSIONS } from './saml-urls';

/** SP-initiated SAML SSO; the same keys for the Redirect and POST bindings. */
export class SamlConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: httpUrlProblem,
    label: 'Provider URI',
    help: 'The single sign-on service URL provided by the SAML Identity Provider.',
  })
  providerUri: string;

  @Field({
    kind: 'url',
    required: true,
    check: httpUrlProblem,
    label: 'Logout URI',
    help: 'The Logout URI provided by the SAML Identity Provider.',
  })
  logoutUri: string;

  @Field({
    kind: 'pem',
    required: true,
    check: certificateProblem,
    label: 'Certificate',
    help: 'The X.509 Certificate text (PEM) provided by the SAML Identity Provider.',
  })
  certificate: string;

  @Field({
    kind: 'string',
    check: absoluteUriProblem,
    default: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    label: 'Name ID Format URI',
    help: 'The format of the NameID (the user identity) to expect from the identity provider.',
  })
  nameIdFormat?: string;

  @Field({
    kind: 'boolean',
    default: false,
    check: signAuthnRequestsProblem,
    label: 'Sign Authentication Requests',
    help: 'Sign the AuthnRequests sent to the identity provider.',
  })
  signAuthnRequests?: boolean;

  @Field({
    kind: 'pem',
    secret: true,
    check: decryptionKeyProblem,
    label: 'Decryption Key',
    help: 'The unencrypted PEM RSA private key of the SP key pair: it decrypts encrypted assertions and signs AuthnRequests; stored encrypted and never shown again.',
  })
  decryptionKey?: string;

  @Field({
    kind: 'pem',
    check: spCertificateProblem,
    label: 'SP Certificate',
    help: 'The X.509 certificate (PEM) of the SP key pair whose private key is the Decryption Key; published in the SP metadata for signing and encryption.',
  })
  spCertificate?: string;

  @Field({
    kind: 'enum',
    options: SP_ENTITY_ID_VERSIONS,
    default: 'v2',
    label: 'SP Entity ID Version',
    help: 'The entity ID we send as Issuer and require as Audience: v1 the fixed entity id every service shares, v2 the v2 metadata URL.',
  })
  spEntityIdVersion?: (typeof SP_ENTITY_ID_VERSIONS)[number];

  @Field({
    kind: 'string',
    check: absoluteUriProblem,
    label: 'IdP Entity ID',
    help: 'When set, the Issuer of the Response and of the Assertion must be exactly this entity ID.',
  })
  idpEntityId?: string;
}
