import { CommonConfig } from '../config/common.config';
import { absoluteUriProblem, certificateProblem, httpUrlProblem } from '../config/checks';
import { Field } from '../config/field';

export class SamlWrapConfig extends CommonConfig {
  @Field({ kind: 'url', required: true, check: httpUrlProblem, label: 'Provider URI', help: 'The URI of the WRAP API.' })
  providerUri: string;

  @Field({
    kind: 'string',
    required: true,
    label: 'WRAP Scope',
    help: 'The requested scope as provided by your IdP; the SAML token must name it as its Audience.',
  })
  wrapScope: string;

  @Field({
    kind: 'pem',
    required: true,
    check: certificateProblem,
    label: 'Certificate',
    help: 'The X.509 Certificate text (PEM) the identity provider signs its SAML tokens with.',
  })
  certificate: string;

  @Field({
    kind: 'string',
    check: absoluteUriProblem,
    label: 'IdP Entity ID',
    help: 'When set, the Issuer of the SAML token must be exactly this entity ID.',
  })
  idpEntityId?: string;
}
