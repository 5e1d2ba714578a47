/** Defaults: grant 10 s, token 3600 s, refresh 14 days. */
export const DEFAULT_TTLS = { grantTtl: 10, tokenTtl: 3600, refreshTokenTtl: 1_209_600 } as const;

/** The lifetimes and refresh policy every auth service carries, with defaults applied. */
export interface ServiceTokenSettings {
  readonly grantTtl: number;
  readonly tokenTtl: number;
  readonly allowRefreshTokens: boolean;
  readonly refreshTokenTtl: number;
  readonly refreshReuseGraceSeconds: number;
  readonly redirectUris: readonly string[];
  /** Which login page the service shows: ours, ours with custom CSS, or a hosted one. */
  readonly loginPage: LoginPageSetting;
}

export type LoginPageSetting = { mode: 'default' } | { mode: 'css'; url: string } | { mode: 'hosted'; url: string };

/** Reads the token settings out of a service's stored config, falling back to the defaults. */
export function serviceTokenSettings(config: Record<string, unknown>): ServiceTokenSettings {
  const seconds = (key: string, fallback: number) => {
    const value = config[key];
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    grantTtl: seconds('grantTtl', DEFAULT_TTLS.grantTtl),
    tokenTtl: seconds('tokenTtl', DEFAULT_TTLS.tokenTtl),
    allowRefreshTokens: config.allowRefreshTokens !== false,
    refreshTokenTtl: seconds('refreshTokenTtl', DEFAULT_TTLS.refreshTokenTtl),
    refreshReuseGraceSeconds:
      typeof config.refreshReuseGraceSeconds === 'number' && config.refreshReuseGraceSeconds >= 0
        ? config.refreshReuseGraceSeconds
        : 0,
    redirectUris: Array.isArray(config.redirectUris) ? config.redirectUris.filter((u) => typeof u === 'string') : [],
    loginPage: loginPageSetting(config.loginPage),
  };
}

/** Stored configs are validated when saved; anything unusable here falls back to the default page. */
function loginPageSetting(value: unknown): LoginPageSetting {
  const page = value as { mode?: unknown; url?: unknown } | undefined;
  if ((page?.mode === 'css' || page?.mode === 'hosted') && typeof page.url === 'string' && /^https?:\/\//.test(page.url)) {
    return { mode: page.mode, url: page.url };
  }
  return { mode: 'default' };
}
