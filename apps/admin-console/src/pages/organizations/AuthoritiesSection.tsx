import { useId, useState } from 'react';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { ConfirmAction } from '../../components/ConfirmAction';
import { EmptyState } from '../../components/EmptyState';
import { ListTable, type Column } from '../../components/ListTable';
import { PagedList } from '../../components/PagedList';
import { PageSection, SectionFailed } from '../../components/PageSection';
import { Loading } from '../../components/States';
import { useDenied } from '../../components/use-denied';
import { loadAuthorityContext, principalLabel, type AuthorityContext } from './authority-context';
import { GrantAuthorityDialog } from './GrantAuthorityDialog';
import type { Authority, Organization } from './types';

const PAGE_SIZE = 25;

/** Who holds which role on the organization, one of its apps or their environments; grant and revoke (owners hold `authorities:write`). */
export function AuthoritiesSection({ organization }: { organization: Organization }) {
  const api = useApi();
  const context = useLoad(() => loadAuthorityContext(api, organization), [api, organization]);
  return (
    <PageSection title="Authorities">
      {context.state === 'loading' ? <Loading /> : null}
      {context.state === 'failed' ? <SectionFailed error={context.error} what="authorities" /> : null}
      {context.state === 'ready' ? <AuthoritiesOnTarget context={context.value} refresh={context.reload} /> : null}
    </PageSection>
  );
}

/** `refresh` reloads the choices (groups, apps, admins made since the page opened) when a grant begins. */
function AuthoritiesOnTarget({ context, refresh }: { context: AuthorityContext; refresh: () => void }) {
  const api = useApi();
  const [targetKey, setTargetKey] = useState(context.targets[0].key);
  const [skip, setSkip] = useState(0);
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<Authority>();
  const { denied, guard } = useDenied();
  const target = context.targets.find((candidate) => candidate.key === targetKey) ?? context.targets[0];
  const selectId = useId();
  const authorities = useLoad(
    () => api.get<Page<Authority>>('/v1/authorities', { targetType: target.type, targetId: target.id, limit: PAGE_SIZE, skip }),
    [api, target.type, target.id, skip],
  );
  const grantButton = (
    <button
      type="button"
      onClick={() => {
        refresh();
        setGranting(true);
      }}
    >
      Grant a role
    </button>
  );
  const columns: Column<Authority>[] = [
    { label: 'Principal', long: true, cell: (authority) => principalLabel(authority.principal, context) },
    { label: 'Role', cell: (authority) => authority.role },
    { label: 'Granted', cell: (authority) => new Date(authority.createdAt).toLocaleString() },
    {
      label: 'Actions',
      cell: (authority) => (
        <button type="button" aria-label={`Revoke ${authority.role} of ${principalLabel(authority.principal, context)}`} disabled={denied} onClick={() => setRevoking(authority)}>
          Revoke
        </button>
      ),
    },
  ];
  return (
    <>
      <div className="toolbar">
        <div className="target-choice">
          <label htmlFor={selectId}>Authorities on</label>
          <select
            id={selectId}
            value={target.key}
            onChange={(event) => {
              setTargetKey(event.target.value);
              setSkip(0);
            }}
          >
            {context.targets.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {candidate.label}
              </option>
            ))}
          </select>
        </div>
        {authorities.state === 'ready' && authorities.value.total > 0 ? grantButton : null}
      </div>
      <PagedList
        loaded={authorities}
        failed={(error) => <SectionFailed error={error} what="authorities" />}
        empty={<EmptyState text="No authorities yet">{grantButton}</EmptyState>}
        onSkip={setSkip}
      >
        {(rows) => <ListTable columns={columns} rows={rows} rowKey={(authority) => authority.id} />}
      </PagedList>
      {granting ? (
        <GrantAuthorityDialog
          context={context}
          targetKey={target.key}
          onClose={() => setGranting(false)}
          onGranted={(authority) => {
            setGranting(false);
            const grantedOn = context.targets.find((candidate) => candidate.type === authority.target.type && candidate.id === authority.target.id);
            if (grantedOn && grantedOn.key !== target.key) {
              setTargetKey(grantedOn.key);
              setSkip(0);
            } else authorities.reload();
          }}
        />
      ) : null}
      {revoking ? (
        <ConfirmAction
          title="Revoke authority"
          message={`Revoke the ${revoking.role} role of ${principalLabel(revoking.principal, context)} on ${target.label}?`}
          action="Revoke"
          onClose={() => setRevoking(undefined)}
          onConfirm={guard(async () => {
            await api.delete(`/v1/authorities/${revoking.id}`);
            setRevoking(undefined);
            authorities.reload();
          })}
        />
      ) : null}
    </>
  );
}
