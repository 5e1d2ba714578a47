import type { GrantView } from '../types';

export interface GrantEdits {
  readonly title: string;
  readonly description: string;
  readonly allowOpenDriverAuthentication: boolean;
}

export const editsOf = (grant: GrantView): GrantEdits => ({
  title: grant.title ?? '',
  description: grant.description ?? '',
  allowOpenDriverAuthentication: grant.allowOpenDriverAuthentication,
});

/** An emptied title or description clears it (null), as the API stores an absent one. */
const textOrNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The body of PATCH /v1/authentication-grants/:id: only the fields that differ from the grant. */
export function changedFields(grant: GrantView, edits: GrantEdits): Partial<Pick<GrantView, 'title' | 'description' | 'allowOpenDriverAuthentication'>> {
  const title = textOrNull(edits.title);
  const description = textOrNull(edits.description);
  return {
    ...(title !== grant.title && { title }),
    ...(description !== grant.description && { description }),
    ...(edits.allowOpenDriverAuthentication !== grant.allowOpenDriverAuthentication && { allowOpenDriverAuthentication: edits.allowOpenDriverAuthentication }),
  };
}
