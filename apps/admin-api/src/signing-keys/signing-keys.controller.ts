import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ApiErrors } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { RotatedKeysDto, RotateSigningKeyDto } from './signing-keys.dto';
import { SigningKeysService } from './signing-keys.service';

/** POST /v1/signing-keys/rotate: platform operators publish new signing keys (they sign 10 minutes later). */
@ApiTags('signing-keys')
@Controller('v1/signing-keys')
export class SigningKeysController {
  constructor(private readonly signingKeys: SigningKeysService) {}

  @Post('rotate')
  @ApiOperation({ summary: 'Rotate the token signing keys', description: 'Publishes a new key (one algorithm, or both) in JWKS now; it starts signing ten minutes later.' })
  @ApiOkResponse({ type: RotatedKeysDto })
  @ApiErrors(400, 413)
  @HttpCode(200)
  @RequirePermission('keys:rotate')
  rotate(@Context() context: RequestContext, @Body() body: RotateSigningKeyDto): Promise<RotatedKeysDto> {
    return this.signingKeys.rotate(context, body);
  }
}
