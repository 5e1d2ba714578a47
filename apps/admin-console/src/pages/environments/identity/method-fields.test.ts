import { describe, expect, it } from 'vitest';
import { askRepo } from '../../../test-support/repo-node';
import { METHOD_FIELDS } from './method-fields';

/** Each patch through the identity library's own rules (planUpdate): the fields it refuses, none when accepted. */
const REFUSED_BY_THE_API = `
const { planUpdate } = require('./libs/identity/src/settings/settings-patch');
const patches = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const refused = patches.map((patch) => {
  try {
    planUpdate({ overrides: {}, secretSet: false }, patch, { canMail: true, canText: true });
    return [];
  } catch (error) {
    return (error.fields ?? [{ field: 'unexpected: ' + error.message }]).map((problem) => problem.field);
  }
});
process.stdout.write(JSON.stringify(refused));`;

const SETTING_PATHS = `
const { DEFAULT_IDENTITY_METHOD_SETTINGS } = require('./libs/identity/src/settings/identity-method-settings');
const leaves = (value, prefix) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix + key + '.'))
    : [prefix.slice(0, -1)];
process.stdout.write(JSON.stringify(leaves(DEFAULT_IDENTITY_METHOD_SETTINGS, '')));`;

/** `{ a: { b: value } }` of the path `a.b`. */
const patchOf = (path: string, value: unknown): Record<string, unknown> => path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

/**
 * The console's form states its own bounds so it can check before sending; these specs hold them to
 * the server's rules, so a setting added or a bound moved there shows up here.
 */
describe('sign-in method fields against the identity settings rules', () => {
  it('edit every setting the API answers (the secret instead of secretSet)', () => {
    const settings = askRepo<string[]>(SETTING_PATHS).map((path) => (path === 'customToken.secretSet' ? 'customToken.secret' : path));
    expect(METHOD_FIELDS.map((field) => field.path).sort()).toEqual(settings.sort());
  });

  it('take every integer the API takes, and only those', () => {
    const integers = METHOD_FIELDS.flatMap((field) => (field.kind === 'integer' ? [field] : []));
    expect(integers.length).toBeGreaterThan(5);
    const cases = integers.flatMap((field) => [
      { path: field.path, value: field.min, accepted: true },
      { path: field.path, value: field.max, accepted: true },
      { path: field.path, value: field.min - 1, accepted: false },
      { path: field.path, value: field.max + 1, accepted: false },
    ]);
    const refused = askRepo<string[][]>(REFUSED_BY_THE_API, cases.map(({ path, value }) => patchOf(path, value)));
    expect(cases.map(({ path, value }, index) => `${path}=${value}: ${refused[index].includes(path) ? 'refused' : 'accepted'}`)).toEqual(
      cases.map(({ path, value, accepted }) => `${path}=${value}: ${accepted ? 'accepted' : 'refused'}`),
    );
  });

  it('take secrets of the lengths the API takes, and texts up to its limits', () => {
    const secret = METHOD_FIELDS.find((field) => field.path === 'customToken.secret');
    if (secret?.kind !== 'secret') throw new Error('no secret field');
    const texts = METHOD_FIELDS.flatMap((field) => (field.kind === 'text' && field.path.startsWith('templates.') ? [field] : []));
    const filled = (length: number) => `{{code}}${'x'.repeat(length - '{{code}}'.length)}`;
    const cases = [
      { path: secret.path, value: 's'.repeat(secret.minLength), accepted: true },
      { path: secret.path, value: 's'.repeat(secret.maxLength), accepted: true },
      { path: secret.path, value: 's'.repeat(secret.minLength - 1), accepted: false },
      { path: secret.path, value: 's'.repeat(secret.maxLength + 1), accepted: false },
      ...texts.flatMap((field) => [
        { path: field.path, value: filled(field.maxLength), accepted: true },
        { path: field.path, value: filled(field.maxLength + 1), accepted: false },
      ]),
    ];
    const refused = askRepo<string[][]>(REFUSED_BY_THE_API, cases.map(({ path, value }) => patchOf(path, value)));
    expect(cases.map(({ path, value }, index) => `${path} of ${value.length}: ${refused[index].includes(path) ? 'refused' : 'accepted'}`)).toEqual(
      cases.map(({ path, value, accepted }) => `${path} of ${value.length}: ${accepted ? 'accepted' : 'refused'}`),
    );
  });
});
