import { ClientCredentialsGrant } from './client-credentials.grant';

export type { GrantOutcome, GrantRequest, GrantType } from './grant-type';
export { ClientCredentialsGrant } from './client-credentials.grant';

/** Injection token of the registered grant types: one line per grant type. */
export const GRANT_TYPES = Symbol('GRANT_TYPES');
export const GRANT_TYPE_CLASSES = [ClientCredentialsGrant];
