import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { Context, type RequestContext } from '../http/request-context';
import { MasterKeysDto, VaultRotationDto } from './vault.dto';
import { VaultService } from './vault.service';

/** The vault's master keys: counts per key, and rewrapping everything under the current one. */
@ApiTags('vault')
@Controller('v1/vault')
export class VaultController {
  constructor(private readonly vault: VaultService) {}

  @Post('rotate')
  @ApiOperation({
    summary: 'Rewrap everything sealed under a previous master key',
    description:
      'Seals again under the current master key (VAULT_MASTER_KEY) what a previous one (VAULT_PREVIOUS_MASTER_KEYS) sealed: vault entries’ data keys, auth services’ secrets and signing keys, in batches. Idempotent; safe on several instances at once.',
  })
  @ApiOkResponse({ type: VaultRotationDto })
  @HttpCode(200)
  @RequirePermission('keys:rotate')
  rotate(@Context() context: RequestContext): Promise<VaultRotationDto> {
    return this.vault.rotate(context);
  }

  @Get('keys')
  @ApiOperation({ summary: 'What each master key seals', description: 'A key may be dropped from VAULT_PREVIOUS_MASTER_KEYS once it seals nothing.' })
  @ApiOkResponse({ type: MasterKeysDto })
  @RequirePermission('keys:read')
  keys(): Promise<MasterKeysDto> {
    return this.vault.keys();
  }
}
