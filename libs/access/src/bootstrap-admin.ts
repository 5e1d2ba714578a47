import { ConfigError } from '@rapidauth/config';
import { AdminUserEntity, AuditEventEntity, AuthorityEntity, RoleEntity } from '@rapidauth/database';
import { checkPasswordStrength, hashPassword, IdentityError } from '@rapidauth/identity';
import type { DataSource } from 'typeorm';

export type BootstrapAdminResult = { created: true; adminId: string } | { created: false };

/**
 * Creates the platform owner from BOOTSTRAP_ADMIN_* when no admin exists yet; otherwise does
 * nothing (the variables may stay set across restarts). Instances starting together on one
 * database serialise on a table lock, so exactly one creates it. The password is held to the rule
 * of every password (docs/security.md#passwords), whether or not it is used: a weak one is a
 * configuration error naming BOOTSTRAP_ADMIN_PASSWORD.
 */
export async function ensureBootstrapAdmin(
  dataSource: DataSource,
  credentials: { username: string; password: Buffer },
): Promise<BootstrapAdminResult> {
  requireStrongPassword(credentials.password);
  // Hash outside the transaction: it takes tens of milliseconds and needs no lock.
  const passwordHash = await hashPassword(credentials.password);
  return dataSource.transaction(async (manager) => {
    await manager.query('LOCK TABLE "admin_user" IN SHARE ROW EXCLUSIVE MODE');
    if ((await manager.count(AdminUserEntity)) > 0) return { created: false } as const;

    const owner = await manager.findOneByOrFail(RoleEntity, { name: 'owner', builtIn: true });
    const admin = await manager.save(
      manager.create(AdminUserEntity, { username: credentials.username.toLowerCase(), passwordHash }),
    );
    await manager.save(
      manager.create(AuthorityEntity, {
        principalType: 'admin',
        principalId: admin.id,
        roleId: owner.id,
        targetType: 'platform',
        targetId: null,
      }),
    );
    await manager.save(
      manager.create(AuditEventEntity, {
        actorType: 'system',
        action: 'admin.bootstrap',
        targetType: 'admin',
        targetId: admin.id,
        outcome: 'success',
        details: { username: admin.username, role: 'owner', target: 'platform' },
      }),
    );
    return { created: true, adminId: admin.id } as const;
  });
}

function requireStrongPassword(password: Buffer): void {
  try {
    checkPasswordStrength(password.toString('utf8'));
  } catch (error) {
    if (error instanceof IdentityError) throw new ConfigError([`BOOTSTRAP_ADMIN_PASSWORD: ${error.message}`]);
    throw error;
  }
}
