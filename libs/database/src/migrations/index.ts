import { Initial1795440098350 } from './1795440098350-Initial';
import { SeedBuiltInRoles1795440098351 } from './1795440098351-SeedBuiltInRoles';
import { HostedLogin1795441385225 } from './1795441385225-HostedLogin';
import { AppDefaultEnvironment1795444292150 } from './1795444292150-AppDefaultEnvironment';
import { AuthServicesAndGroups1795449065501 } from './1795449065501-AuthServicesAndGroups';
import { AuthenticationGrants1795449271860 } from './1795449271860-AuthenticationGrants';
import { UsergridCompatibility1795449606376 } from './1795449606376-UsergridCompatibility';
import { OrganizationSecretRotation1795451113182 } from './1795451113182-OrganizationSecretRotation';
import { LocalLoginNames1795460000000 } from './1795460000000-LocalLoginNames';
import { BindEveryLoginTransaction1795461000000 } from './1795461000000-BindEveryLoginTransaction';
import { UsergridCompatibilityOptIn1795463000000 } from './1795463000000-UsergridCompatibilityOptIn';
import { RefreshFamilyBrowserSession1795465000000 } from './1795465000000-RefreshFamilyBrowserSession';
import { VaultEntries1796221136934 } from './1796221136934-VaultEntries';
import { SamlAssertionReplay1796238029973 } from './1796238029973-SamlAssertionReplay';
import { RedirectLogins1796238529195 } from './1796238529195-RedirectLogins';
import { DataLinks1796240198987 } from './1796240198987-DataLinks';
import { UpstreamRefreshLease1796276094501 } from './1796276094501-UpstreamRefreshLease';
import { CleanupIndexes1796276154810 } from './1796276154810-CleanupIndexes';
import { OperationsPermissions1796276154811 } from './1796276154811-OperationsPermissions';
import { OneTimeCodes1796296675990 } from './1796296675990-OneTimeCodes';
import { CustomTokenReplay1796306939452 } from './1796306939452-CustomTokenReplay';
import { EnvironmentIdentitySettings1796315701800 } from './1796315701800-EnvironmentIdentitySettings';
import { SecondFactor1796316376647 } from './1796316376647-SecondFactor';
import { LoginClaims1796604057351 } from './1796604057351-LoginClaims';
import { AccountExpiry1796604119526 } from './1796604119526-AccountExpiry';
import { LinkTickets1796608321457 } from './1796608321457-LinkTickets';
import { AppSignatures1796623225939 } from './1796623225939-AppSignatures';
import { DevicesPermissions1796623225940 } from './1796623225940-DevicesPermissions';
import { Dpop1796630000000 } from './1796630000000-Dpop';
import { DeviceRegistrations1796640000000 } from './1796640000000-DeviceRegistrations';
import { DeviceProfiles1796650000000 } from './1796650000000-DeviceProfiles';
import { DpopAuthorizationKey1796660000000 } from './1796660000000-DpopAuthorizationKey';

/** Every migration, in order; later issues append theirs. */
export const ALL_MIGRATIONS: Function[] = [
  Initial1795440098350,
  SeedBuiltInRoles1795440098351,
  HostedLogin1795441385225,
  AppDefaultEnvironment1795444292150,
  AuthServicesAndGroups1795449065501,
  AuthenticationGrants1795449271860,
  UsergridCompatibility1795449606376,
  OrganizationSecretRotation1795451113182,
  LocalLoginNames1795460000000,
  BindEveryLoginTransaction1795461000000,
  UsergridCompatibilityOptIn1795463000000,
  RefreshFamilyBrowserSession1795465000000,
  VaultEntries1796221136934,
  SamlAssertionReplay1796238029973,
  RedirectLogins1796238529195,
  DataLinks1796240198987,
  UpstreamRefreshLease1796276094501,
  CleanupIndexes1796276154810,
  OperationsPermissions1796276154811,
  OneTimeCodes1796296675990,
  CustomTokenReplay1796306939452,
  EnvironmentIdentitySettings1796315701800,
  SecondFactor1796316376647,
  LoginClaims1796604057351,
  AccountExpiry1796604119526,
  LinkTickets1796608321457,
  AppSignatures1796623225939,
  DevicesPermissions1796623225940,
  Dpop1796630000000,
  DeviceRegistrations1796640000000,
  DeviceProfiles1796650000000,
  DpopAuthorizationKey1796660000000,
];
