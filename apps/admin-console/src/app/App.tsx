import { Navigate, Route, Routes } from 'react-router';
import { NotFound } from '../components/States';
import { AdminsPage } from '../pages/admins/AdminsPage';
import { AppPage } from '../pages/apps/AppPage';
import { AuditLogPage } from '../pages/audit/AuditLogPage';
import { EnvironmentPage } from '../pages/environments/EnvironmentPage';
import { OperationsPage } from '../pages/operations/OperationsPage';
import { OrganizationPage } from '../pages/organizations/OrganizationPage';
import { OrganizationsPage } from '../pages/organizations/OrganizationsPage';
import { SignInPage } from '../pages/SignInPage';
import { useSession } from './session-context';
import { Shell } from './Shell';

/** Every page of the console, under the router's basename `/console`. */
export function App() {
  const { session } = useSession();
  if (!session) return <SignInPage />;
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Navigate to="/organizations" replace />} />
        <Route path="organizations" element={<OrganizationsPage />} />
        <Route path="organizations/:organizationId" element={<OrganizationPage />} />
        <Route path="apps/:appId" element={<AppPage />} />
        <Route path="environments/:environmentId/*" element={<EnvironmentPage />} />
        <Route path="admins" element={<AdminsPage />} />
        <Route path="audit" element={<AuditLogPage />} />
        <Route path="operations" element={<OperationsPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
