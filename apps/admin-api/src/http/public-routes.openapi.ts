import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExcludeController, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HealthController, MetricsController } from '@rapidauth/observability';
import { ManagementRevokeController, ManagementTokenController } from '@rapidauth/oauth';
import { ApiErrors } from './openapi.decorators';

export class AdminTokenRequestDto {
  @ApiProperty({ enum: ['password'] }) grant_type: 'password';
  @ApiProperty({ example: 'root' }) username: string;
  @ApiProperty({ format: 'password' }) password: string;
}

export class OrganizationTokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'] }) grant_type: 'client_credentials';
  @ApiProperty({ description: "The organization's clientId" }) client_id: string;
  @ApiProperty({ format: 'password' }) client_secret: string;
}

export class TokenAdminDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
}

export class TokenOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() displayName: string;
}

export class ManagementTokenDto {
  @ApiProperty({ description: 'The bearer token of every admin API call' }) access_token: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type: 'Bearer';
  @ApiProperty({ type: 'integer', example: 3600, description: 'Seconds it stays valid; there is no refresh token' }) expires_in: number;
  @ApiPropertyOptional({ type: TokenAdminDto, description: 'For grant_type password' }) user?: TokenAdminDto;
  @ApiPropertyOptional({ type: TokenOrganizationDto, description: 'For grant_type client_credentials' }) organization?: TokenOrganizationDto;
}

const REQUEST = { oneOf: [{ $ref: getSchemaPath(AdminTokenRequestDto) }, { $ref: getSchemaPath(OrganizationTokenRequestDto) }] };

/**
 * The routes without a management token live in libraries (they are served on the gateway too,
 * which has no OpenAPI document): the admin document describes them from here, without touching
 * their behaviour. /health and /metrics are the operator's (docs/operations.md), not part of the API clients use.
 */
export function documentPublicRoutes(): void {
  ApiExcludeController()(HealthController);
  ApiExcludeController()(MetricsController);
  decorate(
    ManagementTokenController,
    'token',
    ApiTags('management-tokens'),
    ApiOperation({
      summary: 'Get a management token',
      security: [],
      description:
        'Signs an admin user in (`password`) or an organization client (`client_credentials`); the answer\'s `access_token` is the bearer token of every other call. JSON or form body. Not cacheable (`Cache-Control: no-store`).',
    }),
    ApiExtraModels(AdminTokenRequestDto, OrganizationTokenRequestDto),
    ApiConsumes('application/json', 'application/x-www-form-urlencoded'),
    ApiBody({ schema: REQUEST }),
    ApiOkResponse({ type: ManagementTokenDto, description: 'A management token, valid for an hour' }),
    ApiErrors(400, 401, 413, 429),
  );
  decorate(
    ManagementRevokeController,
    'revoke',
    ApiTags('management-tokens'),
    ApiOperation({
      summary: 'Revoke a management token',
      description:
        'Revokes the bearer management token it is called with, on every instance at once (sign-out). Always 200 `{}`, also for a missing, invalid or already revoked token. Not cacheable (`Cache-Control: no-store`).',
    }),
    ApiBearerAuth(),
    ApiOkResponse({ schema: { type: 'object', additionalProperties: false, example: {} }, description: 'Revoked, or nothing to revoke' }),
    ApiErrors(413),
  );
}

function decorate(controller: Function, name: string, tag: ClassDecorator, ...decorators: MethodDecorator[]): void {
  const method = Object.getOwnPropertyDescriptor(controller.prototype, name);
  if (!method) throw new Error(`${controller.name}.${name} is gone: update its OpenAPI description`);
  tag(controller);
  applyDecorators(...decorators)(controller.prototype, name, method);
}
