export { GrantsModule } from './grants.module';
export { GrantLoginsModule } from './grant-logins.module';
export { AuthenticationGrants } from './authentication-grants';
export type { AuthenticationGrantChanges, GrantWithSecret, NewAuthenticationGrant, RevokingChange } from './authentication-grants';
export type { GrantPage, GrantVisibility } from './authentication-grant.repository';
export { SORTABLE_FIELDS } from './grant-list';
export type { GrantFilter } from './grant-list';
export { GrantError } from './grants.errors';
export type { GrantErrorCode } from './grants.errors';
