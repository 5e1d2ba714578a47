import { ApiProperty } from '@nestjs/swagger';

export class SealedCountsDto {
  @ApiProperty({ description: "Vault entries (their data keys)" }) vaultEntries: number;
  @ApiProperty({ description: "Auth services' secret settings" }) authServices: number;
  @ApiProperty({ description: "Signing keys' private keys" }) signingKeys: number;
  @ApiProperty({ description: "Environments' custom-token secrets (identity methods)" }) identitySettings: number;
  @ApiProperty({ description: "Accounts' TOTP secrets" }) mfaFactors: number;
  @ApiProperty({ description: "App signatures' OCRA keys" }) appSignatures: number;
}

export class VaultRotationDto {
  @ApiProperty({ example: 'k2', description: 'The master key everything is now sealed under (VAULT_MASTER_KEY)' }) currentKeyId: string;
  @ApiProperty({ type: SealedCountsDto, description: 'What this call sealed again under the current key' }) rewrapped: SealedCountsDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: {},
    description: 'Per master key id, what is still sealed under another key than the current one: keys not configured, values that do not open, or rows another rotation held',
  })
  remaining: Record<string, number>;
}

export class MasterKeyDto extends SealedCountsDto {
  @ApiProperty({ example: 'k1' }) keyId: string;
  @ApiProperty({ description: 'Whether it is VAULT_MASTER_KEY (seals); the others only open' }) current: boolean;
}

export class MasterKeysDto {
  @ApiProperty({ example: 'k2' }) currentKeyId: string;
  @ApiProperty({
    type: [MasterKeyDto],
    description: 'The configured keys (current first), then any key that still seals something but is not configured',
  })
  keys: MasterKeyDto[];
}
