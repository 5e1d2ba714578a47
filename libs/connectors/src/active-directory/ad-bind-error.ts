import type { ResultCodeError } from 'ldapts';
import { ConnectorError } from '../connectors.errors';
import { userBindRefused } from '../ldap/directory-errors';

/**
 * Active Directory tells why it refused a bind in the diagnostic message of resultCode 49, as
 * `AcceptSecurityContext error, data <hex>` (the Win32 error). 775: locked out; 533: disabled;
 * 701: account expired. Any other reason stays a plain refusal of the credentials.
 */
const LOCKED = '775';
const DISABLED = new Set(['533', '701']);

export function adBindRefused(error: ResultCodeError): ConnectorError {
  const reason = /\bdata ([0-9a-f]+)\b/i.exec(error.message)?.[1]?.toLowerCase();
  if (error.code === 49 && reason === LOCKED) {
    return new ConnectorError('IDENTITY_TEMPORARILY_LOCKED', 'the account is locked; try again later', { detail: 'the directory reports the account locked out (775)' });
  }
  if (error.code === 49 && reason !== undefined && DISABLED.has(reason)) {
    return new ConnectorError('ACCOUNT_DISABLED', 'the account is disabled', { detail: `the directory reports the account disabled or expired (${reason})` });
  }
  return userBindRefused(error);
}
