import type { OpenedService } from '../connector';
import type { LdapConfig } from './ldap.config';

/** How to reach and authenticate to a directory: the connection keys LDAP and Active Directory share. */
export interface DirectorySettings {
  readonly providerUri: string;
  readonly baseDn: string;
  readonly bindDn?: string;
  /** Never logged, never put in an error. */
  readonly bindPassword?: string;
  readonly caCertificate?: string;
  readonly startTls: boolean;
  readonly nestedGroupDepth: number;
  readonly userIdAttribute: string;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly poolSize: number;
}

/**
 * The settings of an opened service, whose config was validated (defaults applied) on opening;
 * Active Directory's config has these keys too.
 */
export function directorySettings(opened: OpenedService): DirectorySettings {
  const config = opened.config as Partial<LdapConfig> & Pick<LdapConfig, 'providerUri' | 'baseDn'>;
  return {
    providerUri: config.providerUri,
    baseDn: config.baseDn,
    bindDn: config.bindDn,
    bindPassword: opened.secrets.bindPassword,
    caCertificate: config.caCertificate,
    startTls: config.startTls === true,
    nestedGroupDepth: config.nestedGroupDepth ?? 0,
    userIdAttribute: config.userIdAttribute ?? 'entryUUID',
    connectTimeoutMs: config.connectTimeoutMs ?? 5000,
    timeoutMs: config.timeoutMs ?? 5000,
    poolSize: config.poolSize ?? 4,
  };
}
