import { CommonConfig } from '../config/common.config';
import { scopeProblem } from '../config/checks';
import { Field } from '../config/field';

export class FacebookConfig extends CommonConfig {
  @Field({ kind: 'string', required: true, label: 'Client Id', help: 'Client ID supplied by Facebook.' })
  clientId: string;

  @Field({
    kind: 'string',
    secret: true,
    label: 'Client Secret',
    help: 'Client secret supplied by Facebook; stored encrypted and never shown again.',
  })
  clientSecret?: string;

  @Field({
    kind: 'string',
    required: true,
    label: 'User Id Attribute',
    help: 'Attribute name to use as the unique user identifier; changing it later can produce duplicate user accounts.',
  })
  userIdAttribute: string;

  @Field({
    kind: 'string',
    check: scopeProblem,
    label: 'Scope (OAuth)',
    help: 'User attributes to request from Facebook with the initial authorization request, separated by spaces.',
  })
  scope?: string;

  @Field({
    kind: 'string',
    label: 'Unique User Context Field',
    help: 'Attribute name from the OAuth access token to use as a unique identifier; User Id Attribute overrides it.',
  })
  uniqueUserContextField?: string;
}
