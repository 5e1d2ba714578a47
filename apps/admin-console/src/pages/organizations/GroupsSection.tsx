import { useState } from 'react';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ListTable } from '../../components/ListTable';
import { PageSection, SectionFailed } from '../../components/PageSection';
import { Pager } from '../../components/Pager';
import { Loading } from '../../components/States';
import { useDenied } from '../../components/use-denied';
import { GroupMembersDialog } from './GroupMembersDialog';
import { NewGroupDialog } from './NewGroupDialog';
import type { Group } from './types';

const PAGE_SIZE = 25;

/** The organization's admin groups: an authority naming a group is held by its members. */
export function GroupsSection({ organizationId }: { organizationId: string }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Group>();
  const [showing, setShowing] = useState<Group>();
  const { denied, guard } = useDenied();
  const groups = useLoad(() => api.get<Page<Group>>('/v1/groups', { organizationId, limit: PAGE_SIZE, skip }), [api, organizationId, skip]);
  const newButton = (
    <button type="button" onClick={() => setCreating(true)}>
      New group
    </button>
  );
  return (
    <PageSection title="Groups" actions={groups.state === 'ready' && groups.value.total > 0 ? newButton : null}>
      {groups.state === 'loading' ? <Loading /> : null}
      {groups.state === 'failed' ? <SectionFailed error={groups.error} what="groups" /> : null}
      {groups.state === 'ready' && groups.value.total === 0 ? <EmptyState text="No groups yet">{newButton}</EmptyState> : null}
      {groups.state === 'ready' && groups.value.total > 0 ? (
        <>
          <ListTable>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {groups.value.rows.map((group) => (
                <tr key={group.id}>
                  <td>{group.name}</td>
                  <td>{group.description}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" aria-label={`Members of ${group.name}`} onClick={() => setShowing(group)}>
                        Members
                      </button>
                      <button type="button" aria-label={`Delete group ${group.name}`} disabled={denied} onClick={() => setDeleting(group)}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </ListTable>
          <Pager total={groups.value.total} limit={groups.value.limit} skip={groups.value.skip} onSkip={setSkip} />
        </>
      ) : null}
      {creating ? (
        <NewGroupDialog
          organizationId={organizationId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            groups.reload();
          }}
        />
      ) : null}
      {showing ? <GroupMembersDialog group={showing} onClose={() => setShowing(undefined)} /> : null}
      {deleting ? (
        <ConfirmAction
          title="Delete group"
          message={`Delete ${deleting.name}? Its members lose the authorities granted to it.`}
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={guard(async () => {
            await api.delete(`/v1/groups/${deleting.id}`);
            setDeleting(undefined);
            groups.reload();
          })}
        />
      ) : null}
    </PageSection>
  );
}
