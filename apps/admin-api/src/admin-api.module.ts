import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccessModule } from '@rapidauth/access';
import { IdentityModule } from '@rapidauth/identity';
import { ManagementModule, OAuthModule } from '@rapidauth/oauth';
import { CoreModule, type Runtime } from '@rapidauth/runtime';
import { TenancyModule, TenancyProvisioner } from '@rapidauth/tenancy';
import { ManagementGuard } from './auth/management.guard';
import { AdminErrorFilter } from './http/admin-error.filter';
import { AdminResources } from './http/admin-resource';
import { adminValidationPipe } from './http/validation';
import { AdminsController } from './admins/admins.controller';
import { AuthenticationGrantsController } from './authentication-grants/authentication-grants.controller';
import { AuthenticationGrantsService } from './authentication-grants/authentication-grants.service';
import { GrantsModule } from '@rapidauth/grants';
import { AdminsService } from './admins/admins.service';
import { AdminPrivileges } from './admins/admin-privileges';
import { PlatformOwners } from './admins/platform-owners';
import { AppsController } from './apps/apps.controller';
import { AuthServicesController } from './auth-services/auth-services.controller';
import { AuthServicesService } from './auth-services/auth-services.service';
import { AuthServiceTestService } from './auth-services/auth-service-test.service';
import { PermissionCheck } from './auth/permission-check';
import { EnvironmentIdentityService } from './environments/environment-identity.service';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { ConnectorsModule } from '@rapidauth/connectors';
import { AuthoritiesController } from './authorities/authorities.controller';
import { AuthoritiesService } from './authorities/authorities.service';
import { AppsService } from './apps/apps.service';
import { AppSignaturesController } from './app-signatures/app-signatures.controller';
import { AppSignaturesService } from './app-signatures/app-signatures.service';
import { DeviceProfilesController } from './device-profiles/device-profiles.controller';
import { DeviceProfilesService } from './device-profiles/device-profiles.service';
import { DevicesModule } from '@rapidauth/devices';
import { AuditEventsController } from './audit-events/audit-events.controller';
import { AuditEventsService } from './audit-events/audit-events.service';
import { ClientsController } from './clients/clients.controller';
import { ClientsService } from './clients/clients.service';
import { DataLinksController } from './data-links/data-links.controller';
import { DataLinksService } from './data-links/data-links.service';
import { EnvironmentsController } from './environments/environments.controller';
import { EnvironmentsService } from './environments/environments.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsService } from './organizations/organizations.service';
import { RolesController } from './roles/roles.controller';
import { RolesService } from './roles/roles.service';
import { SigningKeysController } from './signing-keys/signing-keys.controller';
import { SigningKeysService } from './signing-keys/signing-keys.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { VaultController } from './vault/vault.controller';
import { VaultService } from './vault/vault.service';
import { OperationsController } from './operations/operations.controller';
import { OperationsService } from './operations/operations.service';
import { MAINTENANCE } from '@rapidauth/jobs';
import { ImportWriter } from './transfer/import-writer';
import { OrganizationExportService } from './transfer/organization-export.service';
import { OrganizationImportService } from './transfer/organization-import.service';
import { TransferController } from './transfer/transfer.controller';
import { IdentityMethodsController } from './identity-methods/identity-methods.controller';
import { IdentityMethodsService } from './identity-methods/identity-methods.service';

/** The admin REST API (and, later, the console it serves). */
@Module({})
export class AdminApiModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: AdminApiModule,
      imports: [CoreModule.forRoot(runtime, 'admin-api'), OAuthModule, ManagementModule, AccessModule, IdentityModule, ConnectorsModule, GrantsModule, TenancyModule, DevicesModule],
      controllers: [OrganizationsController, AppsController, EnvironmentsController, ClientsController, RolesController, SigningKeysController, AuditEventsController, UsersController, AdminsController, AuthoritiesController, AuthServicesController, GroupsController, AuthenticationGrantsController, VaultController, DataLinksController, OperationsController, TransferController, IdentityMethodsController, AppSignaturesController, DeviceProfilesController],
      providers: [
        TenancyProvisioner,
        AdminResources,
        OrganizationsService,
        AppsService,
        EnvironmentsService,
        ClientsService,
        UsersService,
        AdminsService,
        AdminPrivileges,
        PlatformOwners,
        AuthoritiesService,
        AuthServicesService,
        AuthServiceTestService,
        EnvironmentIdentityService,
        IdentityMethodsService,
        PermissionCheck,
        GroupsService,
        AuthenticationGrantsService,
        RolesService,
        SigningKeysService,
        AuditEventsService,
        VaultService,
        DataLinksService,
        AppSignaturesService,
        DeviceProfilesService,
        OperationsService,
        { provide: MAINTENANCE, useValue: runtime.maintenance },
        OrganizationExportService,
        OrganizationImportService,
        ImportWriter,
        { provide: APP_GUARD, useClass: ManagementGuard },
        { provide: APP_PIPE, useFactory: adminValidationPipe },
        { provide: APP_FILTER, useClass: AdminErrorFilter },
      ],
    };
  }
}
