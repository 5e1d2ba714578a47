import { useState } from 'react';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { ConfirmAction } from '../../components/ConfirmAction';
import type { Column } from '../../components/ListTable';
import { ListSection } from '../../components/ListSection';
import { RowActions } from '../../components/RowActions';
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
  const columns: Column<Group>[] = [
    { label: 'Name', cell: (group) => group.name },
    { label: 'Description', cell: (group) => group.description },
    {
      label: 'Actions',
      cell: (group) => (
        <RowActions>
          <button type="button" aria-label={`Members of ${group.name}`} onClick={() => setShowing(group)}>
            Members
          </button>
          <button type="button" aria-label={`Delete group ${group.name}`} disabled={denied} onClick={() => setDeleting(group)}>
            Delete
          </button>
        </RowActions>
      ),
    },
  ];
  return (
    <ListSection
      title="Groups"
      what="groups"
      emptyText="No groups yet"
      createButton={newButton}
      loaded={groups}
      columns={columns}
      rowKey={(group) => group.id}
      onSkip={setSkip}
    >
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
    </ListSection>
  );
}
