import { AuditLog } from '@rapidauth/access';
import type { CleanupConfig } from '@rapidauth/config';
import { AssertionReplays } from '@rapidauth/connectors';
import { DeviceRegistrationRepository } from '@rapidauth/devices';
import { AccountExpiry, CustomTokenReplays, LoginThrottle, MfaChallengeRepository, OneTimeCodeRepository } from '@rapidauth/identity';
import {
  AuthorizationCodeExpiry,
  BrowserSessionExpiry,
  DpopProofJtis,
  LinkTickets,
  LoginTransactionExpiry,
  RefreshFamilyExpiry,
  RevocationRepository,
  SigningKeyRepository,
} from '@rapidauth/oauth';
import type { DataSource } from 'typeorm';
import type { CleanupStep } from './cleanup-step';

/**
 * The cleanup's steps, in order (docs/operations.md, "Expiry cleanup"). Each repository owns its
 * expiry SQL; a table that starts to expire adds one line here.
 */
export function cleanupSteps(dataSource: DataSource, config: CleanupConfig): CleanupStep[] {
  const codes = new AuthorizationCodeExpiry(dataSource);
  const transactions = new LoginTransactionExpiry(dataSource);
  const sessions = new BrowserSessionExpiry(dataSource);
  const families = new RefreshFamilyExpiry(dataSource);
  const revocations = new RevocationRepository(dataSource);
  const throttle = new LoginThrottle(dataSource);
  const replays = new AssertionReplays(dataSource);
  const oneTimeCodes = new OneTimeCodeRepository(dataSource);
  const customTokenReplays = new CustomTokenReplays(dataSource);
  const dpopProofJtis = new DpopProofJtis(dataSource);
  const mfaChallenges = new MfaChallengeRepository(dataSource);
  const linkTickets = new LinkTickets(dataSource);
  const deviceRegistrations = new DeviceRegistrationRepository(dataSource);
  const accounts = new AccountExpiry(dataSource);
  const signingKeys = new SigningKeyRepository(dataSource);
  const audit = new AuditLog(dataSource);
  const steps: CleanupStep[] = [
    { table: 'account', deleteBatch: (now, size) => accounts.deleteExpired(now, size) },
    { table: 'authorization_code', deleteBatch: (now, size) => codes.deleteExpired(now, size) },
    { table: 'login_transaction', deleteBatch: (now, size) => transactions.deleteExpired(now, size) },
    { table: 'browser_session', deleteBatch: (now, size) => sessions.deleteExpired(now, size) },
    { table: 'refresh_token_family', deleteBatch: (now, size) => families.deleteExpired(now, size) },
    { table: 'refresh_token_family', deleteBatch: (now, size) => families.deleteRevoked(now, size) },
    { table: 'revocation_entry', deleteBatch: (now, size) => revocations.deleteExpired(now, size) },
    { table: 'login_throttle', deleteBatch: (now, size) => throttle.deleteExpired(now, size) },
    { table: 'saml_assertion_replay', deleteBatch: (now, size) => replays.deleteExpired(now, size) },
    { table: 'one_time_code', deleteBatch: (now, size) => oneTimeCodes.deleteExpired(now, size) },
    { table: 'custom_token_replay', deleteBatch: (now, size) => customTokenReplays.deleteExpired(now, size) },
    { table: 'dpop_proof_jti', deleteBatch: (now, size) => dpopProofJtis.deleteExpired(now, size) },
    { table: 'mfa_challenge', deleteBatch: (now, size) => mfaChallenges.deleteExpired(now, size) },
    { table: 'link_ticket', deleteBatch: (now, size) => linkTickets.deleteExpired(now, size) },
    { table: 'device_registration', deleteBatch: (now, size) => deviceRegistrations.deleteExpired(now, size) },
    { table: 'signing_key', deleteBatch: (now, size) => signingKeys.deleteExpired(now, size) },
  ];
  if (config.auditRetentionDays > 0) {
    steps.push({ table: 'audit_event', deleteBatch: (now, size) => audit.deleteExpired(now, size, config.auditRetentionDays) });
  }
  return steps;
}
