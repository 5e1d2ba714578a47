import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@rapidauth/access';
import { SigningKeys } from '@rapidauth/oauth';
import { IsIn, IsOptional } from 'class-validator';
import { RequirePermission } from '../auth/permission.decorator';
import { ApiErrors } from '../http/openapi.decorators';
import { auditedBy, Context, type RequestContext } from '../http/request-context';

export class RotateSigningKeyDto {
  @ApiPropertyOptional({ enum: ['ES256', 'RS256'], description: 'Which key; both when omitted' })
  @IsOptional()
  @IsIn(['ES256', 'RS256'])
  alg?: 'ES256' | 'RS256';
}

export class RotatedKeyDto {
  @ApiProperty() kid: string;
  @ApiProperty({ enum: ['ES256', 'RS256'] }) alg: string;
  @ApiProperty({ description: 'When it starts signing (published in JWKS from now)' }) activatesAt: Date;
}

export class RotatedKeysDto {
  @ApiProperty({ type: [RotatedKeyDto] }) rotated: RotatedKeyDto[];
}

/** POST /v1/signing-keys/rotate: platform operators publish new signing keys (they sign 10 minutes later). */
@ApiTags('signing-keys')
@Controller('v1/signing-keys')
export class SigningKeysController {
  constructor(
    private readonly keys: SigningKeys,
    private readonly audit: AuditLog,
  ) {}

  @Post('rotate')
  @ApiOperation({ summary: 'Rotate the token signing keys', description: 'Publishes a new key (one algorithm, or both) in JWKS now; it starts signing ten minutes later.' })
  @ApiOkResponse({ type: RotatedKeysDto })
  @ApiErrors(400, 413)
  @HttpCode(200)
  @RequirePermission('keys:rotate')
  async rotate(@Context() context: RequestContext, @Body() body: RotateSigningKeyDto): Promise<{ rotated: RotatedKeyDto[] }> {
    const rotated: RotatedKeyDto[] = [];
    for (const alg of body.alg ? [body.alg] : (['ES256', 'RS256'] as const)) {
      const key = await this.keys.rotate(alg);
      rotated.push({ kid: key.kid, alg, activatesAt: key.activatesAt });
      await this.audit.record({
        ...auditedBy(context),
        action: 'signing_key.rotate',
        target: { type: 'signing_key', id: key.kid },
        details: { alg, activatesAt: key.activatesAt.toISOString() },
      });
    }
    return { rotated };
  }
}
