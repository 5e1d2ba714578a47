import { useId, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { SecretOnce, type ShownValue } from '../../components/SecretOnce';
import { PagedList } from '../../components/PagedList';
import { NewOrganizationDialog } from './NewOrganizationDialog';
import { OrganizationsTable } from './OrganizationsTable';
import type { OrganizationWithSecret } from './types';
import { useOrganizationRows } from './use-organization-rows';
import './organizations.css';

export function OrganizationsPage() {
  const [term, setTerm] = useState('');
  const [skip, setSkip] = useState(0);
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<readonly ShownValue[]>();
  const rows = useOrganizationRows(term, skip, version);
  const searchId = useId();
  const created = (organization: OrganizationWithSecret) => {
    setCreating(false);
    setIssued([
      { label: 'Client id', value: organization.clientId },
      { label: 'Client secret', value: organization.clientSecret },
    ]);
    setVersion((value) => value + 1);
  };
  const newButton = (
    <button type="button" className="primary" onClick={() => setCreating(true)}>
      New organization
    </button>
  );
  return (
    <section>
      <div className="toolbar">
        <h1>Organizations</h1>
        {newButton}
      </div>
      <div className="search">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          value={term}
          placeholder="Name or display name"
          onChange={(event) => {
            setTerm(event.target.value);
            setSkip(0);
          }}
        />
      </div>
      <PagedList
        loaded={rows}
        empty={term.trim() ? <p>No organizations match “{term.trim()}”.</p> : <EmptyState text="No organizations yet">{newButton}</EmptyState>}
        onSkip={setSkip}
      >
        {(found) => <OrganizationsTable rows={found} />}
      </PagedList>
      {creating ? <NewOrganizationDialog onCreated={created} onClose={() => setCreating(false)} /> : null}
      {issued ? <SecretOnce title="Organization created" values={issued} onDone={() => setIssued(undefined)} /> : null}
    </section>
  );
}
