import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { ChoiceGroup } from '../../../components/ChoiceGroup';
import { FormWithErrors } from '../../../components/FormWithErrors';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import type { AuthServiceSummary, EnvironmentIdentity } from '../types';

const describe = (service: AuthServiceSummary): string => {
  const notes = [service.type, 'organizationId' in service.scope ? 'organization-wide' : undefined, service.enabled ? undefined : 'disabled'];
  return `${service.name} (${notes.filter(Boolean).join(', ')})`;
};

export function IdentityForm({ environmentId, services, identity }: {
  environmentId: string;
  services: readonly AuthServiceSummary[];
  identity: EnvironmentIdentity;
}) {
  const api = useApi();
  const [enabled, setEnabled] = useState<readonly string[]>(identity.enabledServices);
  const [defaultService, setDefaultService] = useState(identity.defaultService ?? '');
  const [saved, setSaved] = useState(false);
  const submission = useSubmit(
    () => api.put<EnvironmentIdentity>(`/v1/environments/${environmentId}/identity`, { enabledServices: enabled, defaultService }),
    (answer) => {
      setEnabled(answer.enabledServices);
      setDefaultService(answer.defaultService ?? '');
      setSaved(true);
    },
    () =>
      fieldProblems({
        enabledServices: enabled.length === 0 ? 'Enable at least one service.' : undefined,
        defaultService: enabled.includes(defaultService) ? undefined : 'Choose the default among the enabled services.',
      }),
  );
  const problemOf = (field: string) => submission.error?.problemOf(field);
  const choices = services.map((service) => ({ value: service.id, label: describe(service) }));
  const changeEnabled = (next: string[]) => {
    setSaved(false);
    setEnabled(next);
    if (!next.includes(defaultService)) setDefaultService(next.length === 1 ? next[0] : '');
  };
  return (
    <FormWithErrors error={submission.error} busy={submission.busy} submitLabel="Save" onSubmit={submission.submit}>
      <h2>Identity</h2>
      <p className="muted">The services users of this environment sign in through; a bare appKey selects the default.</p>
      <ChoiceGroup
        legend="Enabled services"
        kind="checkbox"
        choices={choices}
        chosen={enabled}
        onChange={changeEnabled}
        problem={problemOf('enabledServices')}
        empty="No auth services yet: add one in Auth services."
      />
      <ChoiceGroup
        legend="Default service"
        kind="radio"
        choices={choices.filter((choice) => enabled.includes(choice.value))}
        chosen={[defaultService]}
        onChange={(next) => {
          setSaved(false);
          setDefaultService(next[0]);
        }}
        problem={problemOf('defaultService')}
        empty="Enable a service first."
      />
      <p role="status">{saved ? 'Saved.' : ''}</p>
    </FormWithErrors>
  );
}
