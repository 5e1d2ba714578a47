import { DEFAULT_IDENTITY_METHOD_SETTINGS, type IdentityMethodSettings } from './identity-method-settings';
import { isPlainObject, mergeOverDefaults, planUpdate, type PatchContext, type StoredOverrides } from './settings-patch';

/** The one secret of the settings: write-only, so a transfer document names it and never holds it. */
export const CUSTOM_TOKEN_SECRET = 'customToken.secret';

/** An environment's settings read from a transfer document, validated as PATCH validates them. */
export interface PlannedImport {
  /** What differs from this installation's defaults: the rest keeps following them. */
  readonly overrides: StoredOverrides;
  readonly secret: string | null;
  readonly settings: IdentityMethodSettings;
  /** Custom-token login was on with HS256 but no secret was given: it is imported off. */
  readonly customTokenTurnedOff: boolean;
}

/**
 * Reads the settings a document holds (the shape GET answers, `customToken.secretSet` ignored) with
 * the secret given apart, through the same merge-patch rules as PATCH over an environment that never
 * changed anything; throws InvalidProviderSettingsError naming the fields at fault.
 */
export function planImport(document: Record<string, unknown>, secret: string | undefined, context: PatchContext): PlannedImport {
  const patch = structuredClone(document);
  if (isPlainObject(patch.customToken)) delete patch.customToken.secretSet;
  const wanted = mergeOverDefaults(patch).customToken;
  const customTokenTurnedOff = secret === undefined && wanted.enabled === true && wanted.algorithm === 'HS256';
  if (customTokenTurnedOff) (patch.customToken as Record<string, unknown>).enabled = false;
  if (secret !== undefined) patch.customToken = { ...(isPlainObject(patch.customToken) ? patch.customToken : {}), secret };
  const planned = planUpdate({ overrides: {}, secretSet: false }, patch, context);
  return {
    overrides: (differences(DEFAULT_IDENTITY_METHOD_SETTINGS, planned.overrides) ?? {}) as StoredOverrides,
    secret: planned.secret.kind === 'set' ? planned.secret.secret : null,
    settings: planned.settings,
    customTokenTurnedOff,
  };
}

/** The parts of `value` that differ from `defaults`, or undefined when none does. Leaves are JSON values (arrays of strings at most). */
function differences(defaults: unknown, value: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(value)) return JSON.stringify(defaults) === JSON.stringify(value) ? undefined : value;
  const changed = Object.entries(value).flatMap(([key, child]) => {
    const difference = differences(defaults[key], child);
    return difference === undefined ? [] : [[key, difference] as const];
  });
  return changed.length > 0 ? Object.fromEntries(changed) : undefined;
}
