import { randomUUID } from 'node:crypto';
import { ConnectorError, ConnectorRegistry, type LoginContext, type OpenedService } from '@rapidauth/connectors';

const registry = new ConnectorRegistry();

/** A service of `type` as ConnectorRegistry.open hands it to a factory: validated (defaults applied), secrets apart. */
export function openedService(type: 'ldap' | 'active-directory', config: Record<string, unknown>): OpenedService {
  const validated = registry.validate(type, { redirectUris: ['https://app.example.com/callback'], allowedAttributes: ['groups'], ...config });
  return {
    id: randomUUID(),
    type,
    organizationId: randomUUID(),
    environmentId: null,
    config: validated.config,
    secrets: validated.secrets,
    updatedAt: new Date(),
  };
}

export const CONTEXT: LoginContext = { environmentId: randomUUID(), ip: '127.0.0.1', now: new Date() };

/** How an upstream call ended: the identity, or the ConnectorError's code (anything else fails the test). */
export async function outcome<T>(call: Promise<T>): Promise<T | string> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ConnectorError) return error.code;
    throw error;
  }
}
