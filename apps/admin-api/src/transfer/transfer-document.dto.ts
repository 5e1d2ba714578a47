import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { AUTH_SERVICE_TYPES, type AuthServiceType } from '@rapidauth/database';
import { APP_SIGNATURE_SECRET } from '@rapidauth/devices';
import { CUSTOM_TOKEN_SECRET } from '@rapidauth/identity';
import { NAME_PATTERN } from '@rapidauth/tenancy';
import { CreateAppSignatureDto } from '../app-signatures/app-signatures.dto';
import { CreateAppDto } from '../apps/apps.dto';
import { CreateClientDto } from '../clients/clients.dto';
import { backendUrlProblem, TIMEOUT_RANGE } from '../data-links/data-links.dto';
import { CreateEnvironmentDto } from '../environments/environments.dto';

/** The one format and version this installation reads and writes (docs/admin-api.md#transfer). */
export const EXPORT_FORMAT = 'rapidauth.organization';
export const EXPORT_VERSION = 1;
/** POST /v1/organizations/import takes bodies up to 10 MiB (413 above). */
export const IMPORT_PATH = '/v1/organizations/import';
export const IMPORT_BODY_LIMIT = '10mb';
/** What a document never holds, and says so. */
export const OMITTED = ['secrets', 'accounts', 'identities', 'authenticationGrants', 'tokens', 'sessions', 'auditEvents'] as const;

const NAME_MESSAGE = 'name must be 2-63 lower-case letters, digits or "-", starting with a letter or digit';
/** Documents name their objects by the source installation's ids; any short string is accepted as a ref. */
const Ref = () => Length(1, 128);
const MAX_ITEMS = 10_000;

class SourceDocument {
  @IsString() @Length(0, 2048) issuer: string;
  @IsString() @Length(0, 128) organizationId: string;
}

class OrganizationDocument {
  @IsString() @Matches(NAME_PATTERN, { message: NAME_MESSAGE }) name: string;
  @IsString() @Length(1, 200) displayName: string;
}

class AppDocument extends CreateAppDto {
  @IsString() @Ref() ref: string;
  @IsString() @Length(1, 200) declare displayName: string;
  @IsOptional() @IsString() @Ref() defaultEnvironment: string | null;
}

class IdentityDocument {
  @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) enabledServices: string[];
  @IsOptional() @IsString() defaultService: string | null;
}

class EnvironmentDocument extends CreateEnvironmentDto {
  @IsString() @Ref() ref: string;
  @IsString() @Ref() app: string;
  @IsString() @Length(1, 128) appKey: string;
  @IsArray() declare customScopes: string[];
  @IsBoolean() usergridCompatibility: boolean;
  @ValidateNested() @Type(() => IdentityDocument) identity: IdentityDocument;
  /** As GET /v1/environments/:id/identity-methods answers them; validated by its merge-patch rules. Absent in older documents: the defaults. */
  @IsOptional() @IsObject() identityMethods?: Record<string, unknown>;
  @IsOptional() @IsArray() @ArrayMaxSize(1) @IsIn([CUSTOM_TOKEN_SECRET], { each: true }) secretsOmitted?: string[];
}

class ServiceScopeDocument {
  @IsOptional() @IsString() @Ref() environment?: string;
  @IsOptional() @Equals(true) organization?: true;
}

class AuthServiceDocument {
  @IsString() @Ref() ref: string;
  @ValidateNested() @Type(() => ServiceScopeDocument) scope: ServiceScopeDocument;
  @IsString() @Length(1, 100) name: string;
  @IsOptional() @IsString() @Length(0, 500) description: string | null;
  @IsIn(AUTH_SERVICE_TYPES) type: AuthServiceType;
  @IsBoolean() enabled: boolean;
  @IsObject() config: Record<string, unknown>;
  @IsArray() @IsString({ each: true }) secretsOmitted: string[];
}

class ClientDocument extends OmitType(CreateClientDto, ['enabled'] as const) {
  @IsString() @Ref() ref: string;
  @IsString() @Ref() environment: string;
  @IsString() @Length(1, 128) clientId: string;
  @IsBoolean() disabled: boolean;
}

class GroupDocument {
  @IsString() @Ref() ref: string;
  @IsString() @Matches(NAME_PATTERN, { message: NAME_MESSAGE }) name: string;
  @IsOptional() @IsString() @Length(0, 500) description: string | null;
}

class PrincipalDocument {
  @IsIn(['group', 'organization-client', 'admin']) type: 'group' | 'organization-client' | 'admin';
  @IsOptional() @IsString() @Ref() ref?: string;
  @IsOptional() @IsString() @Length(1, 128) username?: string;
}

class TargetDocument {
  @IsIn(['organization', 'app', 'environment']) type: 'organization' | 'app' | 'environment';
  @IsOptional() @IsString() @Ref() ref?: string;
}

class AuthorityDocument {
  @ValidateNested() @Type(() => PrincipalDocument) principal: PrincipalDocument;
  @IsString() @Length(1, 64) role: string;
  @ValidateNested() @Type(() => TargetDocument) target: TargetDocument;
}

const IsBackendUrl = () =>
  ValidateBy({
    name: 'isBackendUrl',
    validator: { validate: (value) => backendUrlProblem(value) === undefined, defaultMessage: (args) => `${args?.property} ${backendUrlProblem(args?.value)}` },
  });

class DataLinkDocument {
  @IsString() @Ref() ref: string;
  @IsString() @Ref() environment: string;
  @IsString() @Matches(NAME_PATTERN, { message: NAME_MESSAGE }) name: string;
  @IsBackendUrl() backendUrl: string;
  @IsString() @Ref() authService: string;
  @IsInt() @Min(TIMEOUT_RANGE.min) @Max(TIMEOUT_RANGE.max) timeoutMs: number;
  @IsBoolean() enabled: boolean;
}

/** The POST body's fields and bounds, without the key: a document names it in `secretsOmitted`, and `secrets` may give it. */
class AppSignatureDocument extends OmitType(CreateAppSignatureDto, ['secret'] as const) {
  @IsString() @Ref() ref: string;
  @IsString() @Ref() environment: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1) @IsIn([APP_SIGNATURE_SECRET], { each: true }) secretsOmitted?: string[];
}

/** An organization's configuration, version 1: objects carry `ref` (their source id) and name each other by it; nothing secret. */
export class ExportDocument {
  @Equals(EXPORT_FORMAT) format: typeof EXPORT_FORMAT;
  @Equals(EXPORT_VERSION) version: typeof EXPORT_VERSION;
  @IsString() exportedAt: string;
  @ValidateNested() @Type(() => SourceDocument) source: SourceDocument;
  @ValidateNested() @Type(() => OrganizationDocument) organization: OrganizationDocument;
  @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => AppDocument) apps: AppDocument[];
  @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => EnvironmentDocument) environments: EnvironmentDocument[];
  @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => AuthServiceDocument) authServices: AuthServiceDocument[];
  @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => ClientDocument) clients: ClientDocument[];
  @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => GroupDocument) groups: GroupDocument[];
  @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => AuthorityDocument) authorities: AuthorityDocument[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => DataLinkDocument) dataLinks?: DataLinkDocument[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => AppSignatureDocument) appSignatures?: AppSignatureDocument[];
  @IsArray() @IsString({ each: true }) omitted: string[];
}

export type {
  AppDocument,
  AppSignatureDocument,
  AuthorityDocument,
  AuthServiceDocument,
  ClientDocument,
  DataLinkDocument,
  EnvironmentDocument,
  GroupDocument,
};

export class ImportOrganizationDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'A version-1 document from GET /v1/organizations/:id/export' })
  @IsObject()
  document: Record<string, unknown>;

  @ApiPropertyOptional({ default: false, description: 'Validate and plan only: nothing is written' }) @IsOptional() @IsBoolean() dryRun?: boolean;

  @ApiPropertyOptional({ description: "The new organization's name instead of the document's" })
  @IsOptional()
  @IsString()
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ enum: ['keep', 'new'], default: 'keep', description: "`keep` the document's appKeys and clientIds, or issue `new` ones" })
  @IsOptional()
  @IsIn(['keep', 'new'])
  clientIds?: 'keep' | 'new';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    description:
      'Per service ref, values of the secret settings the document omitted; per environment ref, `customToken.secret`; per app signature ref, `secret` (its OCRA key in hex, kept instead of a new one). Never logged; only a signature key is answered, once',
  })
  @IsOptional()
  @IsObject()
  secrets?: Record<string, Record<string, unknown>>;
}
