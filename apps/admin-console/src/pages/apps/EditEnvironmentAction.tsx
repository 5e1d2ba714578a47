import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/States';
import { EditAction, type EditDialogProps } from '../organizations/EditAction';
import { EditEnvironmentDialog } from './EditEnvironmentDialog';
import type { Environment } from './types';

/** "Edit environment": its settings read fresh when the dialog opens (the page holds only what its header shows). */
export function EditEnvironmentAction({ environmentId, onSaved }: { environmentId: string; onSaved: () => void }) {
  return <EditAction label="Edit environment" onSaved={onSaved} dialog={(props) => <LoadedEditDialog environmentId={environmentId} {...props} />} />;
}

function LoadedEditDialog({ environmentId, ...props }: EditDialogProps & { environmentId: string }) {
  const api = useApi();
  const environment = useLoad(() => api.get<Environment>(`/v1/environments/${environmentId}`), [api, environmentId]);
  if (environment.state === 'ready') return <EditEnvironmentDialog environment={environment.value} {...props} />;
  return (
    <Dialog title="Edit environment" onClose={props.onClose}>
      {environment.state === 'loading' ? <Loading /> : <ErrorBanner error={environment.error} />}
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
