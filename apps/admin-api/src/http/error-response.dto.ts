import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'name', description: 'The field, dotted for nested ones (`principal.type`)' }) field: string;
  @ApiProperty({ example: 'name must be 2-63 lower-case letters, digits or "-", starting with a letter or digit' }) message: string;
}

export class ImportConflictDto {
  @ApiProperty({ example: 'document.organization.name', description: 'The document (or body) field at fault' }) path: string;
  @ApiProperty({ example: 'NAME_TAKEN' }) code: string;
  @ApiProperty() message: string;
}

/** Every admin API error: the gateway's OAuth shape plus the inputs at fault. */
export class ErrorResponseDto {
  @ApiProperty({ example: 'invalid_request', description: 'OAuth-style error: invalid_request, invalid_token, access_denied, not_found, conflict, slow_down, …' })
  error: string;

  @ApiProperty({ example: 'the request has invalid fields', description: 'For people; never contains a secret' })
  error_description: string;

  @ApiProperty({ example: 'INVALID_PARAMETER', description: 'Stable catalogue code to branch on' })
  code: string;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'The inputs at fault: each bad field of a 400, the field that named what a 404 did not find' })
  fields?: FieldProblemDto[];

  @ApiPropertyOptional({ type: [ImportConflictDto], description: 'IMPORT_CONFLICT: each collision with this installation' })
  conflicts?: ImportConflictDto[];
}
