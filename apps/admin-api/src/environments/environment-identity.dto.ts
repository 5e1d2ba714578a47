import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';

/** Which auth services an environment's users sign in through, and which one a bare appKey selects. */
export class EnvironmentIdentityDto {
  @ApiProperty({ type: [String], format: 'uuid', description: "Services of the environment or of its organization" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  enabledServices: string[];

  @ApiProperty({ format: 'uuid', description: 'One of enabledServices' })
  @IsUUID()
  defaultService: string;
}

export class EnvironmentIdentityView {
  @ApiProperty({ type: [String], format: 'uuid' }) enabledServices: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) defaultService: string | null;
}
