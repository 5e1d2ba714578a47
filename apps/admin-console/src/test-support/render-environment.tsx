import type { Routes } from './fake-api';
import { renderConsoleAt } from './render-console';
import type { EnvironmentView } from '../pages/environments/types';

export const ENVIRONMENT: EnvironmentView = {
  id: '0b6f3c1e-2a4d-4c8e-9f10-111111111111',
  appId: '0b6f3c1e-2a4d-4c8e-9f10-222222222222',
  organizationId: '0b6f3c1e-2a4d-4c8e-9f10-333333333333',
  name: 'production',
  appKey: 'app-key-1',
  defaultServiceId: null,
};

export const page = <T,>(rows: readonly T[], total = rows.length, skip = 0, limit = 25) => ({ total, limit, skip, rows });

/** The signed-in console at `path`, answering the environment and its app besides `routes`, with the router's "Location". */
export const renderEnvironment = (path: string, routes: Routes = {}) =>
  renderConsoleAt(
    path,
    {
      [`GET /v1/environments/${ENVIRONMENT.id}`]: [200, ENVIRONMENT],
      [`GET /v1/apps/${ENVIRONMENT.appId}`]: [200, { id: ENVIRONMENT.appId, name: 'shop' }],
      ...routes,
    },
    { showLocation: true },
  );
