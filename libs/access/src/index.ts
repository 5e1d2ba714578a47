export { ensureBootstrapAdmin } from './bootstrap-admin';
export type { BootstrapAdminResult } from './bootstrap-admin';
