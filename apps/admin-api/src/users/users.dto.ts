import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, Length } from 'class-validator';
import { ListQueryDto } from '../http/list-query.dto';

export class CreateUserDto {
  @ApiProperty({ example: 'alice' }) @IsString() @Length(1, 128) username: string;
  @ApiPropertyOptional({ example: 'alice@example.com', format: 'email' }) @IsOptional() @IsEmail() @Length(3, 320) email?: string;
  @ApiProperty({ format: 'password', description: 'At least 10 characters, not a common password; stored as argon2id' })
  @IsString()
  @Length(1, 256)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'A disabled account cannot sign in; its logins are revoked' }) @IsOptional() @IsBoolean() disabled?: boolean;
}

export class UserSearchDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Prefix of a username or email' }) @IsOptional() @IsString() @Length(1, 320) search?: string;
}

export class IdentityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'local', description: 'The auth service type it signs in through' }) provider: string;
  @ApiProperty() providerUid: string;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt: Date | null;
}

export class UserDto {
  @ApiProperty({ format: 'uuid', description: 'The account id: `sub` of its tokens' }) uid: string;
  @ApiProperty({ format: 'uuid' }) environmentId: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt: Date | null;
  @ApiProperty({ type: [IdentityDto] }) identities: IdentityDto[];
  @ApiProperty() createdAt: Date;
}
