import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConnectorDefinition } from '../connector';
import { ConnectorConfigError, type FieldProblem } from '../connectors.errors';
import { isRecord } from './field';

export interface ValidatedConfig {
  /** Non-secret keys, defaults applied: stored as the service's config. */
  config: Record<string, unknown>;
  /** Secret keys: to be sealed by the vault, never returned. */
  secrets: Record<string, string>;
}

/**
 * The token settings every service carries. They are read where they are used, with fallbacks
 * (serviceTokenSettings in libs/tenancy), and no connector reads them.
 */
const TOKEN_SETTING_KEYS: readonly string[] = ['refreshReuseGraceSeconds', 'loginPage', 'grantTtl', 'tokenTtl', 'allowRefreshTokens', 'refreshTokenTtl'];

/** The top-level config key a problem is about (`config.headerMappings[0].header` → `headerMappings`). */
const keyOf = (problem: FieldProblem) => problem.field.slice('config.'.length).split(/[.[]/)[0];

/**
 * A stored config checked again before it is opened: as validateConfig, except that token settings
 * the save-time rules refuse (written around the admin API) are kept as stored. The token paths
 * read them with their fallbacks; refusing the connector for them would stop every login through
 * the service. Any other problem still refuses.
 */
export function validateStoredConfig(definition: ConnectorDefinition, input: unknown): ValidatedConfig {
  try {
    return validateConfig(definition, input);
  } catch (error) {
    if (!(error instanceof ConnectorConfigError) || !isRecord(input)) throw error;
    const keys = new Set(error.fields.map(keyOf));
    if (![...keys].every((key) => TOKEN_SETTING_KEYS.includes(key))) throw error;
    const validated = validateConfig(definition, Object.fromEntries(Object.entries(input).filter(([key]) => !keys.has(key))));
    const stored = Object.fromEntries(Object.entries(input).filter(([key]) => keys.has(key)));
    return { config: { ...validated.config, ...structuredClone(stored) }, secrets: validated.secrets };
  }
}

/** Checks a whole config against the connector's schema; throws listing every problem. */
export function validateConfig(definition: ConnectorDefinition, input: unknown): ValidatedConfig {
  if (!isRecord(input)) throw new ConnectorConfigError([{ field: 'config', message: 'config must be an object' }]);
  const problems = schemaProblems(definition, input);
  if (problems.length) throw new ConnectorConfigError(problems);
  return split(definition, input);
}

function schemaProblems(definition: ConnectorDefinition, input: Record<string, unknown>): FieldProblem[] {
  const errors = validateSync(plainToInstance(definition.configClass, input), {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  const order = definition.descriptor.fields.map((field) => field.key);
  const rank = (problem: FieldProblem) => {
    const index = order.indexOf(keyOf(problem));
    return index === -1 ? order.length : index;
  };
  const type = definition.descriptor.type;
  return [...toProblems(errors, 'config', type), ...droppedKeyProblems(input, 'config', type)].sort((a, b) => rank(a) - rank(b));
}

const path = (parent: string, key: string) => (/^\d+$/.test(key) ? `${parent}[${key}]` : `${parent}.${key}`);

function toProblems(errors: readonly ValidationError[], parent: string, type: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = path(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).flatMap(([constraint, message]) => {
      // class-validator's own messages for these name no path and no type; ours replace them.
      if (constraint === 'whitelistValidation') return [unknownKey(field, parent, type)];
      if (constraint === 'nestedValidation') return [{ field, message: `${field} must be an object` }];
      return message.split('\n').map((line) => entryProblem(field, line));
    });
    return [...own, ...toProblems(error.children ?? [], field, type)];
  });
}

/** A check's line `[index] message` is about one entry of a list (see `Check`). */
function entryProblem(field: string, line: string): FieldProblem {
  const entry = /^\[(\d+)\] (.*)$/s.exec(line);
  const at = entry ? `${field}[${entry[1]}]` : field;
  return { field: at, message: `${at} ${entry ? entry[2] : line}` };
}

function unknownKey(field: string, parent: string, type: string): FieldProblem {
  return { field, message: parent === 'config' ? `${field} is not a setting of ${type} services` : `${field} is not an allowed key here` };
}

/** class-transformer skips these keys silently, so the whitelist never reports them. */
function droppedKeyProblems(value: unknown, parent: string, type: string): FieldProblem[] {
  if (!Array.isArray(value) && !isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const field = path(parent, key);
    return key === '__proto__' || key === 'constructor' ? [unknownKey(field, parent, type)] : droppedKeyProblems(child, field, type);
  });
}

function split(definition: ConnectorDefinition, input: Record<string, unknown>): ValidatedConfig {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const field of definition.descriptor.fields) {
    const value = input[field.key] ?? field.default;
    if (value === undefined || value === null) continue;
    if (field.secret) secrets[field.key] = value as string;
    else config[field.key] = structuredClone(value);
  }
  return { config, secrets };
}
