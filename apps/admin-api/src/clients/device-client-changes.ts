import type { ClientEntity } from '@rapidauth/database';
import { DomainError, type FieldProblem } from '@rapidauth/errors';
import type { UpdateClientDto } from './clients.dto';

/**
 * What an admin may change on a device client (docs/admin-api.md#device-clients): its name, whether
 * it is enabled, and whether its DPoP proofs need server nonces (RFC 9449 §8, nothing the signature
 * sets). Everything else it holds comes from its registration and its app signature (grant types,
 * redirect URIs, scopes, authentication, DPoP binding), and changes there.
 */
const CHANGEABLE: ReadonlySet<string> = new Set(['name', 'enabled', 'dpopNonceRequired']);

/** A device client change refused: a field registration owns (READ_ONLY_FIELD), or a value it cannot take. */
export class DeviceClientChangeError extends DomainError {
  declare readonly code: 'READ_ONLY_FIELD' | 'INVALID_CLIENT_SETTINGS';

  constructor(code: DeviceClientChangeError['code'], message: string, fields: readonly FieldProblem[]) {
    super(code, message, { fields });
  }
}

/**
 * The changes of a PATCH `client` (a device client) takes, or every field it does not take, named.
 * One whose app signature was deleted, or that deregistered itself (its registration token is
 * forgotten), stays disabled: no approved build, or no device, stands behind it any more.
 */
export function deviceClientChanges(
  client: Pick<ClientEntity, 'appSignatureId' | 'registrationTokenHash'>,
  changed: Partial<UpdateClientDto>,
): Pick<Partial<ClientEntity>, 'name' | 'enabled' | 'dpopNonceRequired'> {
  const readOnly = Object.keys(changed).filter((field) => !CHANGEABLE.has(field));
  if (readOnly.length > 0) {
    const fields = readOnly.map((field) => ({ field, message: `${field} of a device client comes from its registration and app signature: change the app signature` }));
    throw new DeviceClientChangeError('READ_ONLY_FIELD', fields.length === 1 ? fields[0].message : 'these fields of a device client come from its registration and app signature', fields);
  }
  const name = changed.name?.trim();
  if ('name' in changed && !name) throw invalid('name', 'name is required');
  if ('enabled' in changed && typeof changed.enabled !== 'boolean') throw invalid('enabled', 'enabled must be true or false');
  if (changed.enabled === true && client.appSignatureId === null) throw invalid('enabled', 'the app signature of this device client was deleted: the device must register again');
  if (changed.enabled === true && client.registrationTokenHash === null) throw invalid('enabled', 'this device deregistered itself: it must register again');
  return {
    ...(name && { name }),
    ...(changed.enabled !== undefined && { enabled: changed.enabled }),
    // `null` sets the default, as on every client (docs/admin-api.md#client-dpop-settings).
    ...('dpopNonceRequired' in changed && { dpopNonceRequired: changed.dpopNonceRequired ?? false }),
  };
}

/** A device rotates its own secret with its registration access token (docs/gateway.md#device-registration): it alone learns the new one. */
export function deviceSecretRotationRefused(): DeviceClientChangeError {
  const message = 'a device client rotates its own secret (POST /v3/devices/clients/:client_id/secret); disable the client to stop it';
  return new DeviceClientChangeError('READ_ONLY_FIELD', message, [{ field: 'clientSecret', message }]);
}

function invalid(field: string, message: string): DeviceClientChangeError {
  return new DeviceClientChangeError('INVALID_CLIENT_SETTINGS', message, [{ field, message }]);
}
