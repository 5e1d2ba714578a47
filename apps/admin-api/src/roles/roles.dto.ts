import { ApiProperty } from '@nestjs/swagger';

export class RoleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiProperty() builtIn: boolean;
}

export class RoleListDto {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: [RoleDto] }) rows: RoleDto[];
}
