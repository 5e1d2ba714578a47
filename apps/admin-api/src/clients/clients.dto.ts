import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLIENT_GRANT_TYPES } from '@rapidauth/tenancy';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ListQueryDto } from '../http/list-query.dto';

const GRANT_TYPES = [...CLIENT_GRANT_TYPES];
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'];
const CLIENT_KINDS = ['registered', 'device'];

/** A registered client's fields; redirect URI, origin and grant rules are checked by the tenancy rules. */
export class UpdateClientDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ enum: ['web', 'native'] }) @IsOptional() @IsIn(['web', 'native']) applicationType?: 'web' | 'native';
  @ApiPropertyOptional({ description: 'Only first-party clients may use the password grant and token exchange, and skip consent' })
  @IsOptional()
  @IsBoolean()
  firstParty?: boolean;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 2000, { each: true })
  redirectUris?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 2000, { each: true })
  postLogoutRedirectUris?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Origins browser apps call from (CORS)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  allowedOrigins?: string[];
  @ApiPropertyOptional({ type: [String], enum: GRANT_TYPES }) @IsOptional() @IsArray() @IsIn(GRANT_TYPES, { each: true }) grantTypes?: string[];
  @ApiPropertyOptional({ enum: AUTH_METHODS })
  @IsOptional()
  @IsIn(AUTH_METHODS)
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'none';
  @ApiPropertyOptional({ enum: ['RS256', 'ES256'] }) @IsOptional() @IsIn(['RS256', 'ES256']) idTokenSignedResponseAlg?: 'RS256' | 'ES256';
  @ApiPropertyOptional({ description: 'RFC 9449 dpop_bound_access_tokens (default false): every token request must carry a DPoP proof (400 invalid_dpop_proof otherwise)' })
  @IsOptional()
  @IsBoolean()
  dpopBoundAccessTokens?: boolean;
  @ApiPropertyOptional({ description: 'RFC 9449 §8 (default false): the client\'s DPoP proofs must carry a server nonce (DPoP-Nonce)' })
  @IsOptional()
  @IsBoolean()
  dpopNonceRequired?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class CreateClientDto extends UpdateClientDto {
  @ApiProperty() @IsString() @Length(1, 200) declare name: string;
  @ApiProperty({ enum: ['public', 'confidential'] }) @IsIn(['public', 'confidential']) type: 'public' | 'confidential';
}

export class ClientListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: CLIENT_KINDS, description: 'Only clients of this kind (and `total` counts only them); every kind without it' })
  @IsOptional()
  @IsIn(CLIENT_KINDS)
  kind?: 'registered' | 'device';
}

export class ClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The client_id clients send' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) environmentId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CLIENT_KINDS, description: 'device: created by a device registration, one per installed app' }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Device clients: the app signature they registered with (null once it is deleted); null for the others' })
  appSignatureId: string | null;
  @ApiProperty({ enum: ['public', 'confidential'] }) type: string;
  @ApiProperty({ enum: ['web', 'native'] }) applicationType: string;
  @ApiProperty() firstParty: boolean;
  @ApiProperty({ type: [String] }) redirectUris: string[];
  @ApiProperty({ type: [String] }) postLogoutRedirectUris: string[];
  @ApiProperty({ type: [String] }) allowedOrigins: string[];
  @ApiProperty({ type: [String], enum: GRANT_TYPES }) grantTypes: string[];
  @ApiProperty({ enum: AUTH_METHODS }) tokenEndpointAuthMethod: string;
  @ApiProperty({ enum: ['RS256', 'ES256'] }) idTokenSignedResponseAlg: string;
  @ApiProperty() dpopBoundAccessTokens: boolean;
  @ApiProperty() dpopNonceRequired: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ClientWithSecretDto extends ClientDto {
  @ApiPropertyOptional({ description: 'Confidential clients only; shown only in this answer, only its hash is kept' }) clientSecret?: string;
}
