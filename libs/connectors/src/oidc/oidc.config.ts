import { CommonConfig } from '../config/common.config';
import { absoluteUriProblem, httpUrlProblem, scopeProblem } from '../config/checks';
import { Field } from '../config/field';

export class OidcConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: httpUrlProblem,
    label: 'Provider URI',
    help: 'The token endpoint provided by the OpenID Connect Provider.',
  })
  providerUri: string;

  @Field({
    kind: 'url',
    required: true,
    check: httpUrlProblem,
    label: 'Grant Endpoint',
    help: 'The authorization grant endpoint provided by the OpenID Connect provider.',
  })
  grantEndpoint: string;

  @Field({ kind: 'string', required: true, label: 'Client Id', help: 'The client id supplied by the OpenID Connect provider.' })
  clientId: string;

  @Field({
    kind: 'string',
    secret: true,
    label: 'Client Secret',
    help: 'The client secret supplied by the OpenID Connect provider; stored encrypted and never shown again.',
  })
  clientSecret?: string;

  @Field({
    kind: 'url',
    required: true,
    check: absoluteUriProblem,
    label: 'Issuer Identifier',
    help: 'The issuer identifier supplied by the OpenID Connect provider.',
  })
  issuer: string;

  @Field({
    kind: 'string',
    check: scopeProblem,
    label: 'Scope',
    help: 'Scopes separated by spaces: OpenID Connect scopes (profile, email, address, phone) and custom ones.',
  })
  scope?: string;
}
