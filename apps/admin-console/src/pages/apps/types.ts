/** An environment as `GET /v1/apps/:appId/environments` answers it (docs/admin-api.md). */
export interface Environment {
  readonly id: string;
  readonly appId: string;
  readonly organizationId: string;
  readonly name: string;
  /** The environment's own client id. */
  readonly appKey: string;
  readonly defaultServiceId: string | null;
  readonly customScopes: readonly string[];
  readonly usergridCompatibility: boolean;
  readonly createdAt: string;
}

export interface EnvironmentWithSecret extends Environment {
  readonly appSecret: string;
}
