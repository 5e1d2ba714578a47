import { CommonConfig } from '../config/common.config';
import { httpUrlProblem } from '../config/checks';
import { Field } from '../config/field';

export class CustomConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: httpUrlProblem,
    label: 'Provider URI',
    help: 'The URL of your adaptor, which verifies credentials against your identity system.',
  })
  providerUri: string;

  @Field({
    kind: 'string',
    required: true,
    secret: true,
    minLength: 32,
    label: 'Shared Secret',
    help: 'The secret, at least 32 characters, that authenticates the gateway to your adaptor; stored encrypted and never shown again.',
  })
  sharedSecret: string;

  @Field({
    kind: 'integer',
    range: [100, 30_000],
    default: 5000,
    label: 'Timeout',
    help: 'Milliseconds to wait for the adaptor to answer.',
  })
  timeoutMs?: number;
}
