// oidc-provider 9 ships no type declarations: the test upstream (oidc-upstream.ts) uses it untyped.
declare module 'oidc-provider';
