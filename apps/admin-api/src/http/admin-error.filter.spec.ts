import { BadRequestException, HttpException, Logger, MethodNotAllowedException, type ArgumentsHost } from '@nestjs/common';
import { ConnectorConfigError } from '@rapidauth/connectors';
import { DeviceError, type DeviceErrorCode } from '@rapidauth/devices';
import { GrantError, type GrantErrorCode } from '@rapidauth/grants';
import { IdentityError, type IdentityErrorCode } from '@rapidauth/identity';
import { AccessDeniedError, NotFoundError } from '@rapidauth/oauth';
import { TenancyError, type TenancyErrorCode } from '@rapidauth/tenancy';
import { IdentitiesExistError } from '../auth-services/identities-exist.error';
import { AdminError, LastOwnerError, type AdminErrorCode } from './admin.errors';
import { AdminErrorFilter, adminErrorAnswer } from './admin-error.filter';

const TENANCY: Record<TenancyErrorCode, number> = {
  INVALID_NAME: 400,
  RESERVED_NAME: 400,
  NAME_TAKEN: 409,
  NOT_FOUND: 404,
  NOT_EMPTY: 409,
  INVALID_CLIENT_SETTINGS: 400,
  INVALID_SERVICE_SETTINGS: 400,
  SERVICE_IN_USE: 409,
};
const GRANTS: Record<GrantErrorCode, number> = {
  GRANT_NOT_FOUND: 404,
  UNKNOWN_PRINCIPAL_DOMAIN: 400,
  UNKNOWN_PRINCIPAL: 400,
  CLIENT_OUTSIDE_DOMAIN: 400,
  READ_ONLY_FIELD: 400,
  INVALID_SORT: 400,
  INVALID_QUERY: 400,
};
const IDENTITY: Record<IdentityErrorCode, number> = {
  INVALID_CREDENTIALS: 400,
  IDENTITY_TEMPORARILY_LOCKED: 400,
  ACCOUNT_DISABLED: 400,
  TOO_WEAK_PASSWORD: 400,
  EXISTING_IDENTITY: 409,
  INVALID_USERNAME: 400,
  INVALID_EMAIL: 400,
  INVALID_PHONE_NUMBER: 400,
  MISSING_EMAIL_OR_PASSWORD: 400,
  UNVERIFIED_IDENTITY: 400,
  INVALID_PROVIDER_SETTINGS: 400,
  INVALID_OTP: 400,
  MFA_REQUIRED: 400,
  MFA_ALREADY_ENROLLED: 409,
  MFA_NOT_ENROLLED: 409,
  DELIVERY_FAILED: 400,
  PROVIDER_DISABLED: 400,
  RATE_LIMITED: 400,
  INVALID_TOKEN: 400,
};
const DEVICES: Record<DeviceErrorCode, number> = {
  INVALID_PARAMETER: 400,
  MISSING_PARAMETER: 400,
  NAME_TAKEN: 409,
  INVALID_GRANT: 400,
  INVALID_TOKEN: 400,
  UNKNOWN_APP_VERSION: 400,
  INVALID_OCRA_RESPONSE: 400,
  CLOCK_SKEW_TOO_LARGE: 400,
  REGISTRATION_ALREADY_USED: 400,
  INVALID_REGISTRATION: 400,
  UNKNOWN_PROFILE: 404,
  INVALID_PIN: 400,
  TOO_WEAK_PIN: 400,
  PIN_ATTEMPTS_EXCEEDED: 400,
  PIN_REQUIRED: 400,
  PIN_NOT_SET: 400,
  INVALID_BIOMETRIC_ASSERTION: 400,
};
const ADMIN: Record<AdminErrorCode, number> = { NAME_TAKEN: 409, NOT_EMPTY: 409, LAST_OWNER: 409, IMPORT_CONFLICT: 409, UNSUPPORTED_EXPORT_VERSION: 400 };

const ERROR_OF: Record<number, string> = { 400: 'invalid_request', 404: 'not_found', 409: 'conflict' };

describe('adminErrorAnswer: one table for every domain error', () => {
  const cases = [
    ...Object.entries(TENANCY).map(([code, status]) => [new TenancyError(code as TenancyErrorCode, 'refused', 'name'), status] as const),
    ...Object.entries(GRANTS).map(([code, status]) => [new GrantError(code as GrantErrorCode, 'refused', 'name'), status] as const),
    ...Object.entries(IDENTITY).map(([code, status]) => [new IdentityError(code as IdentityErrorCode, 'refused', { field: 'name' }), status] as const),
    ...Object.entries(DEVICES).map(([code, status]) => [new DeviceError(code as DeviceErrorCode, 'refused', { field: 'name' }), status] as const),
    ...Object.entries(ADMIN).map(([code, status]) => [new AdminError(code as AdminErrorCode, 'refused', 'name'), status] as const),
  ];

  it.each(cases.map(([error, status]) => [error.name, error.code, status, error] as const))('%s %s → %d', (_, code, status, error) => {
    expect(adminErrorAnswer(error)).toEqual({
      status,
      body: { error: ERROR_OF[status], error_description: 'refused', code, fields: [{ field: 'name', message: 'refused' }] },
    });
  });

  it('leaves `fields` out when no input is at fault', () => {
    expect(adminErrorAnswer(new LastOwnerError())).toEqual({
      status: 409,
      body: { error: 'conflict', error_description: 'this would leave the platform without an owner: make another admin owner first', code: 'LAST_OWNER' },
    });
  });

  it('answers a change of the key naming a service users with 409 IDENTITIES_EXIST on that key', () => {
    const refused = new IdentitiesExistError('userIdAttribute');
    expect(adminErrorAnswer(refused)).toEqual({
      status: 409,
      body: { error: 'conflict', error_description: refused.message, code: 'IDENTITIES_EXIST', fields: [{ field: 'config.userIdAttribute', message: refused.message }] },
    });
  });

  it('answers a code the table does not know with 400 invalid_request', () => {
    const unknown = new TenancyError('SOMETHING_NEW' as TenancyErrorCode, 'refused');
    expect(adminErrorAnswer(unknown)).toEqual({ status: 400, body: { error: 'invalid_request', error_description: 'refused', code: 'SOMETHING_NEW' } });
  });

  it('lists every problem of a service configuration, with a description free of them', () => {
    const problems = [
      { field: 'config.providerUri', message: 'config.providerUri must be a URL' },
      { field: 'config.baseDn', message: 'config.baseDn is required' },
    ];
    expect(adminErrorAnswer(new ConnectorConfigError(problems))).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'the service configuration is invalid', code: 'INVALID_SERVICE_CONFIG', fields: problems },
    });
  });

  it('answers validation failures, malformed parameters and 405 as INVALID_PARAMETER', () => {
    const fields = [{ field: 'name', message: 'name must be a string' }];
    expect(adminErrorAnswer(new BadRequestException({ fields }))).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'the request has invalid fields', code: 'INVALID_PARAMETER', fields },
    });
    expect(adminErrorAnswer(new BadRequestException('Validation failed (uuid is expected)'))).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'a path or query parameter is malformed', code: 'INVALID_PARAMETER' },
    });
    expect(adminErrorAnswer(new MethodNotAllowedException())).toEqual({
      status: 405,
      body: { error: 'invalid_request', error_description: 'method not allowed', code: 'INVALID_PARAMETER' },
    });
  });

  it('leaves OAuth errors, other HTTP exceptions and the unexpected to the OAuth filter', () => {
    for (const exception of [new NotFoundError(), new AccessDeniedError('x'), new HttpException('gone', 410), new Error('boom')]) {
      expect(adminErrorAnswer(exception)).toBeUndefined();
    }
  });
});

describe('AdminErrorFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  function answered(exception: unknown): unknown[][] {
    const calls: unknown[][] = [];
    const response = {
      setHeader: (...args: unknown[]) => calls.push(['setHeader', ...args]),
      status: (status: number) => (calls.push(['status', status]), response),
      json: (body: unknown) => calls.push(['json', body]),
    };
    const host = { switchToHttp: () => ({ getRequest: () => ({ id: 'r', path: '/v1/groups' }), getResponse: () => response }) } as unknown as ArgumentsHost;
    new AdminErrorFilter().catch(exception, host);
    return calls;
  }

  it("writes its own answers, and the OAuth filter's for the rest (404 NOT_FOUND, 403 ACCESS_DENIED, naming the field)", () => {
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    expect(answered(new AdminError('NAME_TAKEN', 'name is already taken', 'name'))).toEqual([
      ['status', 409],
      ['json', { error: 'conflict', error_description: 'name is already taken', code: 'NAME_TAKEN', fields: [{ field: 'name', message: 'name is already taken' }] }],
    ]);
    expect(answered(new NotFoundError('group not found', { field: 'groupId' }))).toEqual([
      ['setHeader', 'Cache-Control', 'no-store'],
      ['status', 404],
      ['json', { error: 'not_found', error_description: 'group not found', code: 'NOT_FOUND', fields: [{ field: 'groupId', message: 'group not found' }] }],
    ]);
    expect(answered(new AccessDeniedError('this needs the groups:write permission'))).toEqual([
      ['setHeader', 'Cache-Control', 'no-store'],
      ['status', 403],
      ['json', { error: 'access_denied', error_description: 'this needs the groups:write permission', code: 'ACCESS_DENIED' }],
    ]);
  });
});
