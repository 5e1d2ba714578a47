import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateAdminDto {
  @ApiProperty({ example: 'ops-alice' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{2,127}$/, { message: 'username must be 3-128 characters: letters, digits, ".", "_", "@" or "-"' })
  username: string;

  @ApiPropertyOptional({ format: 'email' }) @IsOptional() @IsEmail() email?: string;

  @ApiProperty({ format: 'password', description: 'At least 10 characters, not a common password' }) @IsString() @Length(1, 256) password: string;
}

export class UpdateAdminDto {
  @ApiPropertyOptional({ description: 'A disabled admin gets no management tokens, and those issued stop working' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class AdminDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt: Date | null;
  @ApiProperty() createdAt: Date;
}
