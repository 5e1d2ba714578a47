import type { UserView } from '../types';
import { when } from './when';

/** What the API says of the account itself. */
export function UserFacts({ user }: { user: UserView }) {
  return (
    <dl className="user-facts">
      <dt>User id</dt>
      <dd>
        <code>{user.uid}</code>
      </dd>
      <dt>Environment</dt>
      <dd>
        <code>{user.environmentId}</code>
      </dd>
      <dt>Status</dt>
      <dd>{user.disabled ? 'Disabled' : 'Enabled'}</dd>
      <dt>Created</dt>
      <dd>{when(user.createdAt)}</dd>
      <dt>Last sign-in</dt>
      <dd>{when(user.lastLoginAt)}</dd>
    </dl>
  );
}
