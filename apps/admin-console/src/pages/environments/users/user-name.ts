import type { UserView } from '../types';

/** How an account is named to admins: its first username, else its first email, else its uid. */
export const nameOf = (user: UserView): string =>
  user.identities.find((identity) => identity.username)?.username ?? user.identities.find((identity) => identity.email)?.email ?? user.uid;
