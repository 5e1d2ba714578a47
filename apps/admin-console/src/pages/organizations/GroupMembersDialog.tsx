import { useState } from 'react';
import type { Page } from '../../api/client';
import type { ApiError } from '../../api/errors';
import { useApi } from '../../app/session-context';
import { asApiError, useLoad } from '../../app/use-load';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormWithErrors } from '../../components/FormWithErrors';
import { LabeledField } from '../../components/LabeledField';
import { ListTable, type Column } from '../../components/ListTable';
import { SectionFailed } from '../../components/PageSection';
import { Loading } from '../../components/States';
import { useSubmit } from '../../components/use-submit';
import type { Admin } from '../admins/types';
import { isUuid } from '../../components/input-rules';
import type { Group, GroupMember } from './types';

/** A group's members: adding an admin hands it the group's authorities, removing one takes them away. */
export function GroupMembersDialog({ group, onClose }: { group: Group; onClose: () => void }) {
  const api = useApi();
  const members = useLoad(() => api.get<GroupMember[]>(`/v1/groups/${group.id}/members`), [api, group.id]);
  const admins = useLoad(() => api.get<Page<Admin>>('/v1/admins', { limit: 100 }).then((page) => page.rows, () => undefined), [api]);
  const [refused, setRefused] = useState<ApiError>();
  const remove = async (member: GroupMember) => {
    setRefused(undefined);
    try {
      await api.delete(`/v1/groups/${group.id}/members/${member.adminId}`);
      members.reload();
    } catch (caught) {
      setRefused(asApiError(caught));
    }
  };
  const columns: Column<GroupMember>[] = [
    { label: 'Admin', long: true, cell: (member) => member.username },
    {
      label: 'Actions',
      cell: (member) => (
        <button type="button" aria-label={`Remove ${member.username}`} onClick={() => void remove(member)}>
          Remove
        </button>
      ),
    },
  ];
  return (
    <Dialog title={`Members of ${group.name}`} onClose={onClose}>
      {members.state === 'loading' ? <Loading /> : null}
      {members.state === 'failed' ? <SectionFailed error={members.error} what="the members" /> : null}
      {members.state === 'ready' && members.value.length === 0 ? <p>No members yet</p> : null}
      {members.state === 'ready' && members.value.length > 0 ? (
        <ListTable columns={columns} rows={members.value} rowKey={(member) => member.adminId} />
      ) : null}
      <ErrorBanner error={refused} />
      {admins.state === 'ready' ? <AddMember group={group} admins={admins.value} onAdded={members.reload} onClose={onClose} /> : null}
    </Dialog>
  );
}

/** Picks an admin from the list, or takes its id when the caller may not list admins. */
function AddMember({ group, admins, onAdded, onClose }: { group: Group; admins: readonly Admin[] | undefined; onAdded: () => void; onClose: () => void }) {
  const api = useApi();
  const [adminId, setAdminId] = useState('');
  const { error, busy, submit } = useSubmit(
    () => api.put(`/v1/groups/${group.id}/members/${adminId.trim()}`),
    () => {
      setAdminId('');
      onAdded();
    },
    () => (isUuid(adminId.trim()) ? [] : [{ field: 'adminId', message: admins ? 'Choose an admin.' : 'Enter the id of an admin.' }]),
  );
  return (
    <FormWithErrors error={error} busy={busy} submitLabel="Add member" onSubmit={submit} onCancel={onClose}>
      <LabeledField label={admins ? 'Admin' : 'Admin id'} required problem={error?.problemOf('adminId')}>
        {(control) =>
          admins ? (
            <select {...control} value={adminId} onChange={(event) => setAdminId(event.target.value)}>
              <option value="">Choose an admin</option>
              {admins.map((admin) => (
                <option key={admin.id} value={admin.id}>
                  {admin.username}
                </option>
              ))}
            </select>
          ) : (
            <input {...control} value={adminId} autoComplete="off" onChange={(event) => setAdminId(event.target.value)} />
          )
        }
      </LabeledField>
    </FormWithErrors>
  );
}
