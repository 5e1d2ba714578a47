import { SEALED_PURPOSES, type Vault } from '@rapidauth/vault';

/** Sealed for this one service: a sealed value copied onto another row does not open. */
const purposeOf = SEALED_PURPOSES.authServiceSecrets;

/** A service's secret settings, sealed as one JSON object; null when it has none. */
export function sealServiceSecrets(vault: Vault, serviceId: string, secrets: Readonly<Record<string, string>>): string | null {
  return Object.keys(secrets).length === 0 ? null : vault.seal(JSON.stringify(secrets), purposeOf(serviceId));
}

/** @throws VaultOpenError when the value is damaged, sealed for another service or under a key we do not have. */
export function openServiceSecrets(vault: Vault, service: { id: string; encryptedSecrets: string | null }): Record<string, string> {
  return service.encryptedSecrets ? JSON.parse(vault.open(service.encryptedSecrets, purposeOf(service.id)).toString('utf8')) : {};
}
