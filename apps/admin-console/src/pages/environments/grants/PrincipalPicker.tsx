import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { LabeledField } from '../../../components/LabeledField';
import type { UserView } from '../types';
import { nameOf } from '../users/user-name';
import { mapLoaded } from './loaded-map';
import { PickOrType, type Pick } from './PickOrType';
import { useDebounced } from './use-debounced';

/** Users offered at once; more are found by searching, never by reading the whole environment. */
export const PRINCIPAL_CHOICES = 20;
const PAUSE_MS = 250;

const pickOf = (user: UserView): Pick => ({ value: user.uid, label: nameOf(user) });

function countHelp(page: Page<UserView> | undefined, search: string): string {
  const base = 'The user the grant signs in as.';
  if (!page || page.total <= page.rows.length) return base;
  return `${base} ${page.rows.length} of ${page.total} ${search ? 'matches' : 'users'} shown: type more of a username or email to narrow them.`;
}

/**
 * "Find a user" searches the environment's users by username or email prefix (`?search=`) as the
 * admin types; "Principal" offers the matches. Users the caller may not list: the uid is typed.
 */
export function PrincipalPicker({ environmentId, value, problem, onChange }: { environmentId: string; value: string; problem?: string; onChange: (uid: string) => void }) {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Pick>();
  const settled = useDebounced(search.trim(), PAUSE_MS);
  const users = useLoad(() => api.get<Page<UserView>>(`/v1/environments/${environmentId}/users`, { limit: PRINCIPAL_CHOICES, search: settled }), [api, environmentId, settled]);
  const page = users.state === 'ready' ? users.value : undefined;
  const picks = mapLoaded(users, (loaded): Pick[] => {
    const found = loaded.rows.map(pickOf);
    return chosen && chosen.value === value && !found.some((pick) => pick.value === chosen.value) ? [chosen, ...found] : found;
  });
  const choose = (uid: string) => {
    setChosen(page?.rows.map(pickOf).find((pick) => pick.value === uid) ?? chosen);
    onChange(uid);
  };
  return (
    <>
      {users.state === 'failed' ? null : (
        <LabeledField label="Find a user" help="Username or email prefix.">
          {(control) => (
            <input
              {...control}
              type="search"
              maxLength={320}
              autoComplete="off"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
            />
          )}
        </LabeledField>
      )}
      <LabeledField label="Principal" required problem={problem} help={countHelp(page, settled)}>
        {(control) => (
          <PickOrType
            control={control}
            loaded={picks}
            value={value}
            onChange={choose}
            placeholder="User id"
            empty={settled ? `No user matches "${settled}".` : 'No users yet: create one in Users.'}
          />
        )}
      </LabeledField>
    </>
  );
}
