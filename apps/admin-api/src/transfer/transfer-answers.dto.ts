import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImportConflictDto } from '../http/error-response.dto';

const OBJECTS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** The version-1 export document (docs/admin-api.md#transfer); objects carry `ref`, nothing is secret. */
export class OrganizationDocumentDto {
  @ApiProperty({ example: 'rapidauth.organization' }) format: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() exportedAt: string;
  @ApiProperty({ type: 'object', properties: { issuer: { type: 'string' }, organizationId: { type: 'string' } } }) source: object;
  @ApiProperty({ type: 'object', properties: { name: { type: 'string' }, displayName: { type: 'string' } } }) organization: object;
  @ApiProperty(OBJECTS) apps: object[];
  @ApiProperty({
    ...OBJECTS,
    description: 'With appKey, enabled services and `identityMethods` (as GET /v1/environments/:id/identity-methods answers; `customToken.secret` named in `secretsOmitted` when set)',
  })
  environments: object[];
  @ApiProperty({ ...OBJECTS, description: 'Config without secret settings; their names in `secretsOmitted`' }) authServices: object[];
  @ApiProperty(OBJECTS) clients: object[];
  @ApiProperty(OBJECTS) groups: object[];
  @ApiProperty({ ...OBJECTS, description: 'Principals: group (ref), organization-client, admin (username)' }) authorities: object[];
  @ApiProperty(OBJECTS) dataLinks: object[];
  @ApiProperty({ ...OBJECTS, description: 'Every field but the OCRA key (`secretsOmitted: ["secret"]`); device clients are not in the document' }) appSignatures: object[];
  @ApiProperty({ type: [String] }) omitted: string[];
}

class ImportPlanCountsDto {
  @ApiProperty() apps: number;
  @ApiProperty() environments: number;
  @ApiProperty() authServices: number;
  @ApiProperty() clients: number;
  @ApiProperty() groups: number;
  @ApiProperty() authorities: number;
  @ApiProperty() appSignatures: number;
}

class MissingSecretsDto {
  @ApiProperty({ description: 'The service or environment ref' }) ref: string;
  @ApiProperty({ type: [String] }) keys: string[];
}

export class ImportPlanDto {
  @ApiProperty({ enum: [true] }) dryRun: true;
  @ApiProperty({ type: [ImportConflictDto], description: 'Empty when a real run would succeed' }) conflicts: ImportConflictDto[];
  @ApiProperty({ type: ImportPlanCountsDto }) plan: ImportPlanCountsDto;
  @ApiProperty({ type: [MissingSecretsDto] }) missingSecrets: MissingSecretsDto[];
}

class ImportedOrganizationSecretDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ description: 'Newly issued, shown only in this answer' }) clientSecret: string;
}

class ImportedEnvironmentDto {
  @ApiProperty() ref: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() appKey: string;
  @ApiProperty({ description: 'Newly issued, shown only in this answer' }) appSecret: string;
  @ApiProperty({ type: [String], description: '`customToken.secret` when omitted and not given in `secrets`; custom-token login with HS256 is then off' }) missingSecrets: string[];
}

class ImportedClientDto {
  @ApiProperty() ref: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() clientId: string;
  @ApiPropertyOptional({ description: 'Confidential clients: newly issued, shown only in this answer' }) clientSecret?: string;
}

class ImportedAuthServiceDto {
  @ApiProperty() ref: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() type: string;
  @ApiProperty({ description: 'False when a required secret is missing' }) enabled: boolean;
  @ApiProperty({ type: [String], description: 'Its `secretsOmitted` not given in `secrets`' }) missingSecrets: string[];
}

class ImportedAppSignatureDto {
  @ApiProperty() ref: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The OCRA key in hex: the one given in `secrets`, else newly generated (app builds need it); shown only in this answer' }) secret: string;
}

export class ImportedOrganizationDto {
  @ApiProperty({ type: ImportedOrganizationSecretDto }) organization: ImportedOrganizationSecretDto;
  @ApiProperty({ type: [ImportedEnvironmentDto] }) environments: ImportedEnvironmentDto[];
  @ApiProperty({ type: [ImportedClientDto] }) clients: ImportedClientDto[];
  @ApiProperty({ type: [ImportedAuthServiceDto] }) authServices: ImportedAuthServiceDto[];
  @ApiProperty({ type: [ImportedAppSignatureDto] }) appSignatures: ImportedAppSignatureDto[];
}
