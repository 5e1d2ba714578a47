export { DevicesModule } from './devices.module';
export { DeviceError } from './devices.errors';
export type { DeviceErrorCode } from './devices.errors';
export { APP_SIGNATURE_BOUNDS, APP_SIGNATURE_DEFAULTS, APP_SIGNATURE_SECRET, AppSignatures } from './app-signatures/app-signatures';
export type { AppSignatureChanges, CheckedSignature, NewAppSignature, RevokedDevices } from './app-signatures/app-signatures';
export { DEFAULT_OCRA_SUITE, OCRA_HASHES, OcraSuiteError, parseOcraSuite } from './ocra/ocra-suite';
export type { OcraChallengeFormat, OcraHash, OcraSuite } from './ocra/ocra-suite';
