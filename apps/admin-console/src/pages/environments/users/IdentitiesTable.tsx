import { ListTable, type Column } from '../../../components/ListTable';
import type { IdentityView } from '../types';
import { when } from './when';

/** How an identity is named: its provider and its username, else its email, else its provider uid. */
export const identityName = (identity: IdentityView): string => `${identity.provider}: ${identity.username ?? identity.email ?? identity.providerUid}`;

/** A user's identities, each with "Remove". */
export function IdentitiesTable({ identities, allowed, onRemove }: {
  identities: readonly IdentityView[];
  allowed: () => boolean;
  onRemove: (identity: IdentityView) => void;
}) {
  const columns: Column<IdentityView>[] = [
    { label: 'Provider', cell: (identity) => identity.provider },
    { label: 'Provider uid', long: true, cell: (identity) => <code>{identity.providerUid}</code> },
    { label: 'Username', cell: (identity) => identity.username ?? <span className="muted">None</span> },
    {
      label: 'Email',
      long: true,
      cell: (identity) => (identity.email ? `${identity.email}${identity.emailVerified ? ' (verified)' : ' (not verified)'}` : <span className="muted">None</span>),
    },
    { label: 'Last sign-in', cell: (identity) => when(identity.lastLoginAt) },
    {
      label: 'Actions',
      cell: (identity) => (
        <button type="button" className="danger" aria-label={`Remove identity ${identityName(identity)}`} disabled={!allowed()} onClick={() => onRemove(identity)}>
          Remove
        </button>
      ),
    },
  ];
  return <ListTable caption="Identities of this user" columns={columns} rows={identities} rowKey={(identity) => identity.id} />;
}
