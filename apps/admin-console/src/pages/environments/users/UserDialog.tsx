import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { Dialog } from '../../../components/Dialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { RowActions, ToggleButton } from '../../../components/RowActions';
import { Loading } from '../../../components/States';
import { useDenied } from '../../../components/use-denied';
import type { IdentityView, UserView } from '../types';
import { useRowActions } from '../use-row-actions';
import { IdentitiesTable, identityName } from './IdentitiesTable';
import { UserFacts } from './UserFacts';
import { nameOf } from './user-name';
import './users.css';

const REMOVAL_RULE = "Its logins are revoked. Removing an account's last identity deletes the account.";
const LAST_IDENTITY = "This is the account's last identity: removing it deletes the account and revokes its logins.";

/**
 * One user as `GET /v1/users/:uid` answers it, with what an admin does to it: remove an identity,
 * reset the second factor, disable or enable. `onChanged` reloads the list behind it.
 */
export function UserDialog({ user, onChanged, onClose }: { user: UserView; onChanged: () => void; onClose: () => void }) {
  const api = useApi();
  const [removing, setRemoving] = useState<IdentityView>();
  const [resetting, setResetting] = useState(false);
  const loaded = useLoad(() => api.get<UserView>(`/v1/users/${user.uid}`), [api, user.uid]);
  const actions = useRowActions(() => {
    loaded.reload();
    onChanged();
  });
  const removal = useDenied();
  const reset = useDenied();
  /** A refusal stays in the confirmation; what it was about is read again, in case it changed meanwhile. */
  const rereadOnFailure = (action: () => Promise<void>) => async () => {
    try {
      await action();
    } catch (caught) {
      loaded.reload();
      throw caught;
    }
  };
  const name = nameOf(user);
  const current = loaded.state === 'ready' ? loaded.value : undefined;
  return (
    <>
      <Dialog title={`User ${name}`} onClose={onClose}>
        {loaded.state === 'loading' ? <Loading /> : null}
        {loaded.state === 'failed' ? (
          loaded.error.status === 404 || loaded.error.status === 403 ? <p>This user no longer exists, or you may not see it.</p> : <ErrorBanner error={loaded.error} />
        ) : null}
        {current ? (
          <>
            <UserFacts user={current} />
            <h3>Identities</h3>
            <IdentitiesTable identities={current.identities} allowed={() => actions.allowed('remove') && !removal.denied} onRemove={setRemoving} />
            <ErrorBanner error={actions.error} />
            <RowActions>
              <ToggleButton
                enabled={!current.disabled}
                name={name}
                disabled={!actions.allowed('disable')}
                onClick={() => void actions.run('disable', () => api.patch(`/v1/users/${current.uid}`, { disabled: !current.disabled }))}
              />
              <button type="button" disabled={!actions.allowed('reset') || reset.denied} onClick={() => setResetting(true)}>
                Reset second factor
              </button>
            </RowActions>
          </>
        ) : null}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
      {removing && current ? (
        <ConfirmAction
          title={`Remove identity ${identityName(removing)}?`}
          message={current.identities.length === 1 ? LAST_IDENTITY : REMOVAL_RULE}
          action="Remove"
          onClose={() => setRemoving(undefined)}
          onConfirm={rereadOnFailure(
            removal.guard(async () => {
              await api.delete(`/v1/users/${current.uid}/identities/${removing.id}`);
              setRemoving(undefined);
              onChanged();
              if (current.identities.length === 1) onClose();
              else loaded.reload();
            }),
          )}
        />
      ) : null}
      {resetting ? (
        <ConfirmAction
          title={`Reset the second factor of ${name}?`}
          message="This removes the user's authenticator and recovery codes: the user signs in with the first factor alone until enrolling a new authenticator."
          action="Reset"
          onClose={() => setResetting(false)}
          onConfirm={rereadOnFailure(
            reset.guard(async () => {
              await api.delete(`/v1/users/${user.uid}/mfa`);
              setResetting(false);
              loaded.reload();
            }),
          )}
        />
      ) : null}
    </>
  );
}
