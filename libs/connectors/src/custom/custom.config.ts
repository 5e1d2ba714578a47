import { CommonConfig } from '../config/common.config';
import { httpUrlProblem, pageUrlProblem } from '../config/checks';
import { Field } from '../config/field';

/**
 * The gateway posts users' passwords to the adaptor: the shared secret signs the messages but does
 * not hide them, so only https leaves the machine (plain http is for an adaptor on loopback).
 */
const adaptorUrlProblem = (uri: string) => httpUrlProblem(uri) ?? pageUrlProblem(uri);

export class CustomConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: adaptorUrlProblem,
    label: 'Provider URI',
    help: 'The https URL of your adaptor, which verifies credentials against your identity system (http only on a loopback host).',
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
