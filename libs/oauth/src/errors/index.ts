export * from './error-codes';
export * from './oauth.errors';
