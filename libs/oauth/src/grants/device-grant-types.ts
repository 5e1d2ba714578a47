/** Refreshing a device login with the user's PIN (docs/gateway.md#device-profiles). */
export const PIN_REFRESH_GRANT_TYPE = 'urn:rapidauth:grant-type:pin-refresh';

/** Refreshing a device login with a biometric-key assertion (docs/gateway.md#device-profiles). */
export const BIOMETRIC_REFRESH_GRANT_TYPE = 'urn:rapidauth:grant-type:biometric-refresh';
