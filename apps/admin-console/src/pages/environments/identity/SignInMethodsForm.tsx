import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { FormWithErrors } from '../../../components/FormWithErrors';
import { useSubmit } from '../../../components/use-submit';
import type { IdentityMethods } from './identity-methods';
import { METHOD_SECTIONS } from './method-fields';
import { MethodFieldInput } from './MethodFieldInput';
import { checkMethods, formOf, methodsPatch, REMOVE_SECRET, type MethodsForm } from './methods-form';
import { SecretField } from './SecretField';

/** A fieldset per method or group of settings, in the order of METHOD_SECTIONS. */
function Sections({ form, settings, locked, problemOf, onChange }: {
  form: MethodsForm;
  settings: IdentityMethods;
  locked: boolean;
  problemOf: (path: string) => string | undefined;
  onChange: (path: string, value: string | boolean) => void;
}) {
  return METHOD_SECTIONS.map((section) => (
    <fieldset key={section.legend} className="method">
      <legend>{section.legend}</legend>
      {section.help ? <p className="help">{section.help}</p> : null}
      {section.fields.map((field) =>
        field.kind === 'secret' ? (
          <SecretField
            key={field.path}
            field={field}
            value={String(form[field.path])}
            remove={form[REMOVE_SECRET] === true}
            secretSet={settings.customToken.secretSet}
            problem={problemOf(field.path)}
            locked={locked}
            onChange={(value) => onChange(field.path, value)}
            onRemoveChange={(remove) => onChange(REMOVE_SECRET, remove)}
          />
        ) : (
          <MethodFieldInput key={field.path} field={field} value={form[field.path]} problem={problemOf(field.path)} locked={locked} onChange={(value) => onChange(field.path, value)} />
        ),
      )}
    </fieldset>
  ));
}

/**
 * Every identity method of the environment; "Save sign-in methods" sends a merge patch of the
 * members changed. A 403 or 404 on it leaves the stored values shown read-only, without the action.
 */
export function SignInMethodsForm({ environmentId, initial }: { environmentId: string; initial: IdentityMethods }) {
  const api = useApi();
  const [settings, setSettings] = useState(initial);
  const [form, setForm] = useState(() => formOf(initial));
  const [status, setStatus] = useState('');
  const patch = methodsPatch(formOf(settings), form);
  const submission = useSubmit(
    () => api.patch<IdentityMethods>(`/v1/environments/${environmentId}/identity-methods`, patch),
    (answer) => {
      setSettings(answer);
      setForm(formOf(answer));
      setStatus('Saved.');
    },
    () => checkMethods(form),
  );
  const refused = submission.error?.status === 403 || submission.error?.status === 404;
  const change = (path: string, value: string | boolean) => {
    setStatus('');
    setForm((previous) => ({ ...previous, [path]: value }));
  };
  const save = () => {
    if (Object.keys(patch).length === 0 && checkMethods(form).length === 0) setStatus('Nothing changed.');
    else submission.submit();
  };
  if (refused) {
    return (
      <div className="sign-in-methods">
        <p className="banner notice">You may read these settings but not change them.</p>
        <Sections form={formOf(settings)} settings={settings} locked problemOf={() => undefined} onChange={() => undefined} />
      </div>
    );
  }
  return (
    <div className="sign-in-methods">
      <FormWithErrors error={submission.error} busy={submission.busy} submitLabel="Save sign-in methods" onSubmit={save}>
        <Sections form={form} settings={settings} locked={false} problemOf={(path) => submission.error?.problemOf(path)} onChange={change} />
      </FormWithErrors>
      <p role="status">{status}</p>
    </div>
  );
}
