import { CommonConfig } from '../config/common.config';
import { httpUrlProblem } from '../config/checks';
import { Field } from '../config/field';

export class SamlWrapConfig extends CommonConfig {
  @Field({ kind: 'url', required: true, check: httpUrlProblem, label: 'Provider URI', help: 'The URI of the WRAP API.' })
  providerUri: string;

  @Field({ kind: 'string', required: true, label: 'WRAP Scope', help: 'The requested scope as provided by your IdP.' })
  wrapScope: string;
}
