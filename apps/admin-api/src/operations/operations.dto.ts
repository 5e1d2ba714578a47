import { ApiProperty } from '@nestjs/swagger';

export class CleanupRunDto {
  @ApiProperty() startedAt: Date;
  @ApiProperty() finishedAt: Date;
  @ApiProperty({
    enum: ['success', 'failure', 'interrupted'],
    description: '`failure`: a step failed and the later ones were skipped (the log line says why); `interrupted`: the process was stopping',
  })
  outcome: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { authorization_code: 12, refresh_token_family: 3 },
    description: 'Rows deleted per table (a family’s refresh tokens go with it)',
  })
  deleted: Record<string, number>;
}

export class CleanupStatusDto {
  @ApiProperty({ enum: ['bullmq', 'in-process'], description: '`bullmq` with REDIS_URL (one run per interval across all instances), else a timer in each process' })
  mode: string;
  @ApiProperty({ description: 'CLEANUP_INTERVAL_SECONDS; 0: no scheduled runs' }) intervalSeconds: number;
  @ApiProperty({ description: 'CLEANUP_BATCH_SIZE: rows per delete statement' }) batchSize: number;
  @ApiProperty({ description: 'A run is in progress on this instance' }) running: boolean;
  @ApiProperty({ type: CleanupRunDto, nullable: true, description: "The latest run known here: this instance's, or with BullMQ any instance's scheduled one" })
  lastRun: CleanupRunDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next scheduled run is due; null when none is (or Redis cannot say now)' })
  nextRunAt: Date | null;
}

export class CleanupStillRunningDto {
  @ApiProperty({ enum: [true], description: 'The run goes on; GET /v1/operations/cleanup shows its result once it ends' }) running: true;
}
