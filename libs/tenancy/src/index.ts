export { TenancyProvisioner } from './tenancy-provisioner';
export { clientSettings } from './client-rules';
export type { ClientSettings, NewClient } from './client-rules';
export { TenancyError } from './tenancy.errors';
export type { TenancyErrorCode } from './tenancy.errors';
export { RESERVED_NAMES, NAME_PATTERN, checkName } from './names';
export { redirectUriMatches, redirectUriProblem, isLoopback } from './redirect-uris';
export { DEFAULT_TTLS, serviceTokenSettings } from './service-settings';
export type { LoginPageSetting, ServiceTokenSettings } from './service-settings';
