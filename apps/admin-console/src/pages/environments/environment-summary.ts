/** What the environment's forms say above the fields the console's own checks marked (nothing was sent). */
export const ENVIRONMENT_SUMMARY = 'Fix the fields marked below.';
