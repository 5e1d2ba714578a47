import { IdentityError } from '@rapidauth/identity';

/** How an identity operation ended: 'resolved', the IdentityError's catalogue code, or 'unexpected …' for anything else. */
export function identityOutcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error) => (error instanceof IdentityError ? error.code : `unexpected ${error}`),
  );
}
