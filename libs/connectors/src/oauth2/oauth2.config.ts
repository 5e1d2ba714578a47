import { CommonConfig } from '../config/common.config';
import { httpUrlProblem, scopeProblem } from '../config/checks';
import { Field } from '../config/field';

const OAUTH2_GRANT_TYPES = ['authorization_code', 'password'] as const;

export class OAuth2Config extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: httpUrlProblem,
    label: 'Provider URI',
    help: 'The token endpoint provided by the OAuth2 Provider.',
  })
  providerUri: string;

  @Field({
    kind: 'enum',
    required: true,
    options: OAUTH2_GRANT_TYPES,
    label: 'Grant Type',
    help: 'The OAuth2 Grant Type to be requested: Authorization Code or Resource Owner Password Credentials.',
  })
  grantType: (typeof OAUTH2_GRANT_TYPES)[number];

  @Field({
    kind: 'url',
    required: true,
    check: httpUrlProblem,
    label: 'Grant Endpoint',
    help: 'The OAuth 2.0 authorization grant endpoint provided by the OAuth2 provider.',
  })
  grantEndpoint: string;

  @Field({ kind: 'string', required: true, label: 'Client Id', help: 'The client id supplied by the OAuth2 provider.' })
  clientId: string;

  @Field({
    kind: 'string',
    secret: true,
    label: 'Client Secret',
    help: 'The client secret supplied by the OAuth2 provider; stored encrypted and never shown again.',
  })
  clientSecret?: string;

  @Field({
    kind: 'string',
    required: true,
    identityKey: true,
    label: 'User Id Attribute',
    help: "The attribute holding the user id: in the User Id Endpoint's response if one is set, otherwise in the token response's id_token.",
  })
  userIdAttribute: string;

  @Field({
    kind: 'url',
    check: httpUrlProblem,
    label: 'User Id Endpoint',
    help: 'An endpoint returning JSON from which the user id is read; include any argument it needs to answer in JSON.',
  })
  userIdEndpoint?: string;

  @Field({
    kind: 'string',
    check: scopeProblem,
    label: 'Scope',
    help: 'Any scope attributes as defined by the OAuth2 provider, separated by spaces.',
  })
  scope?: string;
}
