import { useEffect, useId, useState } from 'react';
import type { Page } from '../../api/client';
import type { ApiError } from '../../api/errors';
import { useApi } from '../../app/session-context';
import { asApiError, useLoad } from '../../app/use-load';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { OrganizationRow } from './types';

/** Exports one organization's setup as a transfer document, downloaded as a JSON file (nothing secret is in it). */
export function ExportSection() {
  const api = useApi();
  const organizations = useLoad(() => api.get<Page<OrganizationRow>>('/v1/organizations', { limit: 100 }), [api]);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<ApiError>();
  const [download, setDownload] = useState<{ url: string; name: string }>();
  const select = useId();
  useEffect(() => () => (download ? URL.revokeObjectURL(download.url) : undefined), [download]);
  if (organizations.state !== 'ready' || organizations.value.rows.length === 0) return null;
  const rows = organizations.value.rows;
  const exportOne = async () => {
    setError(undefined);
    const organization = rows.find((row) => row.id === chosen) ?? rows[0];
    try {
      const document = await api.get<unknown>(`/v1/organizations/${encodeURIComponent(organization.id)}/export`);
      const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
      setDownload({ url: URL.createObjectURL(blob), name: `${organization.name}.rapidauth.json` });
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <label htmlFor={select}>Organization to export</label>
      <select id={select} value={chosen || rows[0].id} onChange={(event) => setChosen(event.target.value)}>
        {rows.map((row) => (
          <option key={row.id} value={row.id}>
            {row.name}
          </option>
        ))}
      </select>{' '}
      <button type="button" onClick={() => void exportOne()}>
        Export
      </button>
      <ErrorBanner error={error} />
      {download ? (
        <p>
          <a href={download.url} download={download.name}>
            Download {download.name}
          </a>
        </p>
      ) : null}
    </section>
  );
}
