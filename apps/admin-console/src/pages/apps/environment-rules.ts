import type { FieldProblem } from '../../api/errors';

/** RFC 6749 §3.3 scope-token, and not one of the OpenID Connect scopes (the admin API's rule for `customScopes`). */
const CUSTOM_SCOPE = /^(?!(openid|profile|email|phone|address|offline_access)$)[\x21\x23-\x5b\x5d-\x7e]{1,128}$/;
const MOST_SCOPES = 100;

export function customScopeProblems(scopes: readonly string[]): FieldProblem[] {
  if (scopes.length > MOST_SCOPES) return [{ field: 'customScopes', message: `Use at most ${MOST_SCOPES} scopes.` }];
  const bad = scopes.find((scope) => !CUSTOM_SCOPE.test(scope));
  return bad === undefined ? [] : [{ field: 'customScopes', message: `"${bad}" is not a scope token, or is an OpenID Connect scope.` }];
}
