import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NAME_PATTERN } from '@rapidauth/tenancy';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** Bounds of a link's backend timeout: long enough for a slow report, short enough not to hold sockets for minutes. */
export const TIMEOUT_RANGE = { min: 100, max: 60_000, default: 10_000 } as const;

/**
 * What makes a backend URL unusable, or undefined: absolute http(s), no userinfo (credentials in a
 * URL end up in logs; RFC 9110 §4.2.4 deprecates them), no query or fragment (the proxied request's
 * own path and query are appended to it).
 */
export function backendUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return 'must be a URL of at most 2048 characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.search || url.hash || value.includes('?') || value.includes('#')) return 'must not carry a query or fragment';
  return undefined;
}

function IsBackendUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBackendUrl',
      validator: {
        validate: (value) => backendUrlProblem(value) === undefined,
        defaultMessage: (args) => `backendUrl ${backendUrlProblem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

/** A PATCH field is validated whenever it is sent: `null` is refused (every field is required on the link), not skipped. */
const IfSent = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);

const NAME_MESSAGE = 'name must be 2-63 lower-case letters, digits or "-", starting with a letter or digit';

export class CreateDataLinkDto {
  @ApiProperty({ example: 'orders', description: 'Slug, unique within the environment: `/datalink/<name>/…`' })
  @IsString()
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name: string;

  @ApiProperty({ example: 'https://orders.internal.example/api', description: 'http(s), without credentials, query or fragment' })
  @IsBackendUrl()
  backendUrl: string;

  @ApiProperty({ format: 'uuid', description: "An auth service of the environment or its organization: only its tokens are forwarded, with its `headerMappings`" })
  @IsUUID()
  authServiceId: string;

  @ApiPropertyOptional({ type: 'integer', minimum: TIMEOUT_RANGE.min, maximum: TIMEOUT_RANGE.max, default: TIMEOUT_RANGE.default })
  @IsOptional()
  @IsInt()
  @Min(TIMEOUT_RANGE.min)
  @Max(TIMEOUT_RANGE.max)
  timeoutMs?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateDataLinkDto {
  @ApiPropertyOptional({ example: 'orders' })
  @IfSent()
  @IsString()
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional()
  @IfSent()
  @IsBackendUrl()
  backendUrl?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IfSent()
  @IsUUID()
  authServiceId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: TIMEOUT_RANGE.min, maximum: TIMEOUT_RANGE.max })
  @IfSent()
  @IsInt()
  @Min(TIMEOUT_RANGE.min)
  @Max(TIMEOUT_RANGE.max)
  timeoutMs?: number;

  @ApiPropertyOptional()
  @IfSent()
  @IsBoolean()
  enabled?: boolean;
}

export class DataLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) environmentId: string;
  @ApiProperty() name: string;
  @ApiProperty() backendUrl: string;
  @ApiProperty({ format: 'uuid' }) authServiceId: string;
  @ApiProperty({ type: 'integer' }) timeoutMs: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
