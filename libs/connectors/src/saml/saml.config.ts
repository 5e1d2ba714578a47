import { CommonConfig } from '../config/common.config';
import { absoluteUriProblem, certificateProblem, httpUrlProblem, privateKeyProblem } from '../config/checks';
import { Field } from '../config/field';

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
    label: 'Sign Authentication Requests',
    help: 'Sign the AuthnRequests sent to the identity provider.',
  })
  signAuthnRequests?: boolean;

  @Field({
    kind: 'pem',
    secret: true,
    check: privateKeyProblem,
    label: 'Decryption Key',
    help: 'The unencrypted PEM private key that decrypts encrypted assertions; stored encrypted and never shown again.',
  })
  decryptionKey?: string;
}
