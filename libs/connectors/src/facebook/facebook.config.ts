import { CommonConfig } from '../config/common.config';
import { scopeProblem, secureHttpUrlProblem } from '../config/checks';
import { Field } from '../config/field';

/** A Graph API field name, sent in `/me?fields=`; no field expansion or modifiers. */
export function graphFieldProblem(value: string): string | undefined {
  return /^[a-z][a-z0-9_]{0,63}$/.test(value) ? undefined : 'must be a Graph API field name (lower-case letters, digits and _)';
}

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
    identityKey: true,
    check: graphFieldProblem,
    label: 'User Id Attribute',
    help: 'The Graph API user field (such as id) that names the user; it cannot change while users have signed in through the service.',
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
    check: graphFieldProblem,
    label: 'Unique User Context Field',
    help: 'The Graph API user field that names the user when the User Id Attribute field is missing from the answer.',
  })
  uniqueUserContextField?: string;

  @Field({
    kind: 'url',
    default: 'https://www.facebook.com/v19.0/dialog/oauth',
    check: secureHttpUrlProblem,
    label: 'Login Dialog URL',
    help: 'The Facebook Login dialog the browser is sent to; its version should match the Graph API URL.',
  })
  dialogUrl: string;

  @Field({
    kind: 'url',
    default: 'https://graph.facebook.com/v19.0',
    check: secureHttpUrlProblem,
    label: 'Graph API URL',
    help: 'The versioned Graph API base: the code is redeemed at its /oauth/access_token and the user read from its /me.',
  })
  graphApiUrl: string;
}
