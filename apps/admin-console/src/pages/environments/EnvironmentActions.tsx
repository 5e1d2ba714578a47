import { useState } from 'react';
import { DeleteEnvironmentAction } from '../apps/DeleteEnvironmentAction';
import { EditEnvironmentAction } from '../apps/EditEnvironmentAction';
import { RotateEnvironmentSecret } from '../apps/RotateEnvironmentSecret';
import type { EnvironmentView } from './types';
import './EnvironmentActions.css';

/** The environment header's actions: edit its settings, rotate its appSecret, delete it. */
export function EnvironmentActions({ environment }: { environment: EnvironmentView }) {
  const [notice, setNotice] = useState('');
  return (
    <div className="environment-actions">
      <div className="row-actions">
        <EditEnvironmentAction environmentId={environment.id} onSaved={() => setNotice(`The settings of ${environment.name} are saved.`)} />
        <RotateEnvironmentSecret environment={environment} />
        <DeleteEnvironmentAction environment={environment} />
      </div>
      <p role="status">{notice}</p>
    </div>
  );
}
