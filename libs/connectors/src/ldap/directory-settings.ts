import type { OpenedService } from '../connector';

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

/** The settings of an opened service, whose config was validated (defaults applied) on opening. */
export function directorySettings(opened: OpenedService): DirectorySettings {
  const config = opened.config as Record<string, never>;
  return {
    providerUri: config.providerUri,
    baseDn: config.baseDn,
    bindDn: config.bindDn,
    bindPassword: opened.secrets.bindPassword,
    caCertificate: config.caCertificate,
    startTls: config.startTls === true,
    nestedGroupDepth: config.nestedGroupDepth ?? 0,
    userIdAttribute: config.userIdAttribute,
    connectTimeoutMs: config.connectTimeoutMs ?? 5000,
    timeoutMs: config.timeoutMs ?? 5000,
    poolSize: config.poolSize ?? 4,
  };
}
