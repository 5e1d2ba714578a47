import type { KeyboardEvent } from 'react';
import { LabeledField } from '../components/LabeledField';
import { describedBy, useFormPaths } from './form-context';
import type { ConnectionProbe, ConnectionTestResult } from './types';

/**
 * "Try a sign-in": a user the test also signs in. Enter runs the test, not the form's submit
 * (which would save). Never prefilled; the browser is asked not to fill it either.
 */
export function ProbeFields({ probe, onProbe, onTest }: { probe: ConnectionProbe; onProbe(probe: ConnectionProbe): void; onTest(): void }) {
  const paths = useFormPaths();
  const username = describedBy(paths, 'probe.username');
  const password = describedBy(paths, 'probe.password');
  const testOnEnter = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    onTest();
  };
  return (
    <fieldset className="probe-fields">
      <legend>Try a sign-in</legend>
      <p className="help">Optional: the test also signs this user in. Nothing is stored.</p>
      <LabeledField id={username.id} label="Test username" problem={username.problem}>
        {(control) => (
          <input
            {...control}
            autoComplete="off"
            spellCheck={false}
            value={probe.username}
            onKeyDown={testOnEnter}
            onChange={(event) => onProbe({ ...probe, username: event.target.value })}
          />
        )}
      </LabeledField>
      <LabeledField id={password.id} label="Test password" problem={password.problem}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="new-password"
            value={probe.password}
            onKeyDown={testOnEnter}
            onChange={(event) => onProbe({ ...probe, password: event.target.value })}
          />
        )}
      </LabeledField>
    </fieldset>
  );
}

/** The checks of the last test: a status when all passed, an alert when one failed. */
export function ConnectionResult({ result }: { result: ConnectionTestResult }) {
  return (
    <div role={result.ok ? 'status' : 'alert'} aria-label="Connection test result" className={`connection-result banner ${result.ok ? 'notice' : 'error'}`}>
      <p>{result.ok ? 'Connection works' : 'Connection failed'}</p>
      <ul className="connection-checks" aria-label="Checks">
        {result.checks.map((check, index) => (
          <li key={index}>
            <strong>{check.name}</strong>: {check.ok ? 'ok' : 'failed'} — {check.detail} ({check.ms} ms)
          </li>
        ))}
      </ul>
    </div>
  );
}
