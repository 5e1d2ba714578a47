import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../auth/permission.decorator';
import { ApiErrors } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { CleanupRunDto, CleanupStatusDto, CleanupStillRunningDto } from './operations.dto';
import { OperationsService } from './operations.service';
import { NoFieldsPipe } from './no-fields.pipe';

/** Maintenance jobs: the expiry cleanup's schedule and last run, and a run on demand. */
@ApiTags('operations')
@Controller('v1/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('cleanup')
  @ApiOperation({ summary: "The expiry cleanup's schedule and last run" })
  @ApiOkResponse({ type: CleanupStatusDto })
  @RequirePermission('operations:read')
  cleanupStatus(): Promise<CleanupStatusDto> {
    return this.operations.cleanupStatus();
  }

  @Post('cleanup')
  @ApiOperation({
    summary: 'Run the expiry cleanup now',
    description:
      'Deletes, in batches, what can no longer matter (expired codes, sessions, logins, revocations…) and answers the run. Joins a run already in progress on this instance; after 60 s answers 202 while the run goes on. Audited `operations.cleanup`.',
  })
  @ApiBody({ required: false, schema: { type: 'object', additionalProperties: false, example: {} } })
  @ApiOkResponse({ type: CleanupRunDto })
  @ApiAcceptedResponse({ type: CleanupStillRunningDto })
  @ApiErrors(400, 413)
  @HttpCode(200)
  @RequirePermission('operations:run')
  // Answered by hand: the status (200 or 202) depends on the run, which @HttpCode cannot say.
  async runCleanup(@Context() context: RequestContext, @Body(NoFieldsPipe) _body: unknown, @Res() response: Response): Promise<void> {
    const run = await this.operations.runCleanup(context);
    response.status(run ? 200 : 202).json(run ?? ({ running: true } satisfies CleanupStillRunningDto));
  }
}
