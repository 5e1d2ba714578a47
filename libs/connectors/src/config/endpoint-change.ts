import { isDeepStrictEqual } from 'node:util';
import type { ConnectorDescriptor } from '../connector';
import { ConnectorConfigError } from '../connectors.errors';

/**
 * A change of where or how a service sends its secrets (an `endpoint` field) must give the stored
 * secrets again: otherwise an admin who may edit the service but never knew its `bindPassword` or
 * `clientSecret` could point it at a host of their own and receive them there.
 *
 * @param stored the stored non-secret config (defaults applied)
 * @param change the keys a PATCH sets (`null` resets one to its default)
 * @param storedSecrets the secret keys currently set
 * @throws ConnectorConfigError with one `config.<secretKey>` problem per secret not given again
 */
export function requireSecretsOnEndpointChange(
  descriptor: ConnectorDescriptor,
  stored: Record<string, unknown>,
  change: Record<string, unknown>,
  storedSecrets: readonly string[],
): void {
  const changed = descriptor.fields
    .filter((field) => field.endpoint && field.key in change)
    .filter((field) => !isDeepStrictEqual(change[field.key] ?? field.default, stored[field.key]))
    .map((field) => field.key);
  if (changed.length === 0) return;
  const missing = storedSecrets.filter((key) => !(key in change));
  if (missing.length === 0) return;
  throw new ConnectorConfigError(
    missing.map((key) => ({ field: `config.${key}`, message: `config.${key} must be given again: ${changed.join(', ')} changed where it is sent` })),
  );
}
