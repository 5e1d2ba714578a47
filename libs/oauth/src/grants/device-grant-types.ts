/** The device grant types (docs/gateway.md#device-profiles). */
export const PIN_REFRESH_GRANT_TYPE = 'urn:rapidauth:grant-type:pin-refresh';
export const BIOMETRIC_REFRESH_GRANT_TYPE = 'urn:rapidauth:grant-type:biometric-refresh';
