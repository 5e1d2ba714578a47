import { ListTable, type Column } from '../../../components/ListTable';
import { DeleteButton, RowActions } from '../../../components/RowActions';
import type { AppSignature } from './types';

/** How a signature is named in buttons and dialogs: "com.example.bank 4.2.0 (android)". */
export const signatureName = (signature: AppSignature) => `${signature.identifier} ${signature.version} (${signature.platform})`;

export function AppSignaturesTable({ signatures, allowed, onEdit, onRevoke, onDelete }: {
  signatures: readonly AppSignature[];
  allowed: (action: string) => boolean;
  onEdit: (signature: AppSignature) => void;
  onRevoke: (signature: AppSignature) => void;
  onDelete: (signature: AppSignature) => void;
}) {
  const columns: Column<AppSignature>[] = [
    { label: 'Identifier', cell: (signature) => <code>{signature.identifier}</code>, long: true },
    { label: 'Version', cell: (signature) => signature.version },
    { label: 'Platform', cell: (signature) => signature.platform },
    { label: 'DPoP', cell: (signature) => signature.dpop },
    { label: 'Status', cell: (signature) => (signature.enabled ? 'Enabled' : 'Disabled') },
    {
      label: 'Actions',
      cell: (signature) => (
        <RowActions>
          <button type="button" aria-label={`Edit ${signatureName(signature)}`} disabled={!allowed('edit')} onClick={() => onEdit(signature)}>
            Edit
          </button>
          <button type="button" aria-label={`Revoke devices of ${signatureName(signature)}`} disabled={!allowed('revoke')} onClick={() => onRevoke(signature)}>
            Revoke devices
          </button>
          <DeleteButton name={signatureName(signature)} disabled={!allowed('delete')} onClick={() => onDelete(signature)} />
        </RowActions>
      ),
    },
  ];
  return <ListTable caption="App signatures of this environment" columns={columns} rows={signatures} rowKey={(signature) => signature.id} />;
}
