/** An admin as `GET /v1/admins` answers it (docs/admin-api.md). */
export interface Admin {
  readonly id: string;
  readonly username: string;
  readonly email: string | null;
  readonly disabled: boolean;
  readonly lastLoginAt: string | null;
  readonly createdAt: string;
}
