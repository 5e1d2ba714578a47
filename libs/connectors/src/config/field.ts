import { Type } from 'class-transformer';
import { IsDefined, IsOptional, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import type { FieldKind } from '../connector';

/**
 * A message relative to the field ("must be …"), or undefined when the value is fine. Problems with
 * single entries of a list are returned one per line as `[index] message`, each reported on its entry.
 */
export type Check = (value: any, config: Record<string, unknown>) => string | undefined;

export type ConfigClass = new () => object;

/** How a config key is described to the console and checked on save. */
export interface FieldSpec {
  readonly kind: FieldKind;
  readonly label: string;
  readonly help: string;
  readonly required?: boolean;
  /** Required only when another key of the same object makes it so (described as optional: the API decides). */
  readonly requiredWhen?: RequiredWhen;
  readonly secret?: boolean;
  /**
   * Decides where or how the service sends its secret settings (a URL it calls, TLS on or off):
   * changing it needs the secrets given again. Defaults to true for `url` fields.
   */
  readonly endpoint?: boolean;
  /** Names the upstream user (the identity's providerUid): it cannot change while the service has identities. */
  readonly identityKey?: boolean;
  readonly default?: unknown;
  readonly options?: readonly string[];
  /** Inclusive bounds of an `integer`. */
  readonly range?: readonly [number, number];
  readonly maxItems?: number;
  readonly minLength?: number;
  /** The schema of an `object` / `object[]` field's entries. */
  readonly type?: () => ConfigClass;
  /** A rule beyond the kind's own, run only once the kind's check passes. */
  readonly check?: Check;
}

export interface RequiredWhen {
  readonly holds: (owner: Record<string, unknown>) => boolean;
  /** Completes "is required …", e.g. "when mode is css or hosted". */
  readonly reason: string;
}

export interface ResolvedField extends FieldSpec {
  readonly key: string;
  readonly required: boolean;
  readonly secret: boolean;
  readonly endpoint: boolean;
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----/;

const OWN_FIELDS = new WeakMap<object, ResolvedField[]>();

/**
 * Declares a config key: records its metadata and registers its class-validator rules in a fixed
 * order (presence, kind, extra check, nested schema) so that, with `stopAtFirstError`, each key
 * reports its most basic problem only.
 */
export function Field(spec: FieldSpec): PropertyDecorator {
  return (target, property) => {
    const key = String(property);
    const owner = target.constructor;
    OWN_FIELDS.set(owner, [...(OWN_FIELDS.get(owner) ?? []), { ...spec, key, required: spec.required ?? false, secret: spec.secret ?? false, endpoint: spec.endpoint ?? spec.kind === 'url' }]);
    const decorators = [
      ...presence(spec),
      rule(`${spec.kind}Kind`, (value) => kindProblem(spec, value)),
      ...(spec.check ? [rule(`${key}Rule`, spec.check)] : []),
      ...(spec.type ? [ValidateNested(), Type(spec.type)] : []),
    ];
    for (const decorate of decorators) decorate(target, property);
  };
}

/** Fields of a config class, inherited ones first, in declaration order. */
export function fieldsOf(configClass: ConfigClass): readonly ResolvedField[] {
  const chain: object[] = [];
  for (let owner: object | null = configClass; owner && owner !== Function.prototype; owner = Object.getPrototypeOf(owner)) {
    chain.unshift(owner);
  }
  return chain.flatMap((owner) => OWN_FIELDS.get(owner) ?? []);
}

const Required = () => IsDefined({ message: 'is required' });

/** A set value is always checked; an absent one is refused when the key is required (always, or as `requiredWhen` says). */
function presence(spec: FieldSpec): PropertyDecorator[] {
  if (spec.required) return [Required()];
  const when = spec.requiredWhen;
  if (!when) return [IsOptional()];
  return [
    // Unlike an optional key's, a null here is checked (and refused): only absence means "not set".
    ValidateIf((owner: Record<string, unknown>, value: unknown) => value !== undefined || when.holds(owner)),
    IsDefined({ message: `is required ${when.reason}` }),
  ];
}

/** A class-validator rule from a check function; the check's message becomes the constraint message. */
function rule(name: string, check: Check): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value, args) => check(value, args?.object as Record<string, unknown>) === undefined,
      defaultMessage: (args) => check(args?.value, args?.object as Record<string, unknown>) ?? '',
    },
  });
}

function kindProblem(spec: FieldSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'string':
    case 'url':
      if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
      return spec.minLength !== undefined && value.length < spec.minLength ? `must be at least ${spec.minLength} characters` : undefined;
    case 'pem':
      return typeof value === 'string' && PEM.test(value) ? undefined : 'must be PEM text between -----BEGIN and -----END lines';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'integer': {
      const [min, max] = spec.range ?? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
        ? undefined
        : `must be an integer from ${min} to ${max}`;
    }
    case 'enum':
      return spec.options?.includes(value as string) ? undefined : `must be one of: ${spec.options?.join(', ')}`;
    case 'object':
      return isRecord(value) ? undefined : 'must be an object';
    case 'string[]':
      return listProblem(spec, value, (entry) => typeof entry === 'string' && entry.trim() !== '', 'a list of non-empty strings');
    case 'object[]':
      return listProblem(spec, value, isRecord, 'a list of objects');
  }
}

function listProblem(spec: FieldSpec, value: unknown, entryOk: (entry: unknown) => boolean, expected: string) {
  if (!Array.isArray(value) || !value.every(entryOk)) return `must be ${expected}`;
  return spec.maxItems !== undefined && value.length > spec.maxItems ? `must have at most ${spec.maxItems} entries` : undefined;
}

/** A non-array object: raw JSON input, or an instance class-transformer made from one. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
