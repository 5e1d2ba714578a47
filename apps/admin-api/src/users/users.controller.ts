import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { CreateUserDto, UpdateUserDto, UserDto, UserSearchDto } from './users.dto';
import { UsersService } from './users.service';

const ENVIRONMENT = { on: 'environment', parameter: 'environmentId' } as const;
const ACCOUNT = { on: 'account', parameter: 'uid' } as const;

@ApiTags('users')
@Controller('v1')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('environments/:environmentId/users')
  @ApiOperation({ summary: 'Create a user', description: 'A local account with a username and password (argon2id).' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('accounts:write', ENVIRONMENT)
  create(@Context() context: RequestContext, @Param('environmentId', ParseUUIDPipe) environmentId: string, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(context, environmentId, body);
  }

  @Get('environments/:environmentId/users')
  @ApiOperation({ summary: "List or search an environment's users" })
  @ApiPagedResponse(UserDto)
  @ApiErrors(400)
  @RequirePermission('accounts:read', ENVIRONMENT)
  list(@Param('environmentId', ParseUUIDPipe) environmentId: string, @Query() query: UserSearchDto): Promise<ListResponse<UserDto>> {
    return this.users.list(environmentId, query);
  }

  @Get('users/:uid')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserDto })
  @RequirePermission('accounts:read', ACCOUNT)
  get(@Param('uid', ParseUUIDPipe) uid: string): Promise<UserDto> {
    return this.users.get(uid);
  }

  @Patch('users/:uid')
  @ApiOperation({ summary: 'Disable or enable a user', description: 'A disabled account cannot sign in; its logins are revoked.' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 413)
  @RequirePermission('accounts:disable', ACCOUNT)
  update(@Context() context: RequestContext, @Param('uid', ParseUUIDPipe) uid: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return body.disabled === undefined ? this.users.get(uid) : this.users.setDisabled(context, uid, body.disabled);
  }

  @Delete('users/:uid/mfa')
  @ApiOperation({ summary: "Reset a user's second factor", description: 'Removes the TOTP authenticator and the recovery codes; the user may enrol again.' })
  @ApiNoContentResponse({ description: 'Removed (also when the user had none)' })
  @HttpCode(204)
  @RequirePermission('accounts:disable', ACCOUNT)
  resetMfa(@Context() context: RequestContext, @Param('uid', ParseUUIDPipe) uid: string): Promise<void> {
    return this.users.resetMfa(context, uid);
  }

  @Delete('users/:uid')
  @ApiOperation({ summary: 'Delete a user', description: 'Its logins are revoked.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @RequirePermission('accounts:delete', ACCOUNT)
  delete(@Context() context: RequestContext, @Param('uid', ParseUUIDPipe) uid: string): Promise<void> {
    return this.users.delete(context, uid);
  }

  @Delete('users/:uid/identities/:identityId')
  @ApiOperation({ summary: "Remove one of a user's identities", description: "Its logins are revoked; removing the account's last identity deletes the account." })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(404)
  @HttpCode(204)
  @RequirePermission('accounts:delete', ACCOUNT)
  deleteIdentity(
    @Context() context: RequestContext,
    @Param('uid', ParseUUIDPipe) uid: string,
    @Param('identityId', ParseUUIDPipe) identityId: string,
  ): Promise<void> {
    return this.users.deleteIdentity(context, uid, identityId);
  }
}
