import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../auth/permission.decorator';
import { ApiErrors } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { OrganizationExportService } from './organization-export.service';
import { OrganizationImportService, type ImportPlan } from './organization-import.service';
import type { ImportedOrganization } from './import-writer';
import { ImportedOrganizationDto, ImportPlanDto, OrganizationDocumentDto } from './transfer-answers.dto';
import type { OrganizationDocument } from './transfer-document';
import { ImportOrganizationDto } from './transfer-document.dto';

/** Moving an organization's configuration between installations (docs/admin-api.md#transfer). */
@ApiTags('organizations')
@Controller('v1/organizations')
export class TransferController {
  constructor(
    private readonly exporter: OrganizationExportService,
    private readonly importer: OrganizationImportService,
  ) {}

  @Get(':id/export')
  @ApiOperation({ summary: 'Export an organization', description: 'A version-1 document of its configuration; no secret, hash or key of any kind, no accounts or tokens.' })
  @ApiOkResponse({ type: OrganizationDocumentDto })
  @RequirePermission('organizations:read', { on: 'organization', parameter: 'id' })
  export(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<OrganizationDocument> {
    return this.exporter.export(context, id);
  }

  @Post('import')
  @ApiOperation({
    summary: 'Import an organization',
    description:
      'From an export document, up to 10 MiB. `dryRun`: 200 with conflicts, plan and missing secrets. Otherwise one transaction: 201 with every secret newly issued (shown only this once), or 409 `IMPORT_CONFLICT` with `conflicts` and nothing written. The caller owns the new organization.',
  })
  @ApiOkResponse({ type: ImportPlanDto, description: 'Dry run' })
  @ApiCreatedResponse({ type: ImportedOrganizationDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('organizations:write')
  async import(
    @Context() context: RequestContext,
    @Body() body: ImportOrganizationDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportPlan | ImportedOrganization> {
    const answer = await this.importer.import(context, body);
    response.status('dryRun' in answer ? 200 : 201);
    return answer;
  }
}
