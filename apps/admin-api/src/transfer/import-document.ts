import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConnectorConfigError, type ConnectorRegistry, type ValidatedConfig } from '@rapidauth/connectors';
import { APP_SIGNATURE_SECRET, DeviceError, type AppSignatures, type CheckedSignature } from '@rapidauth/devices';
import type { FieldProblem } from '@rapidauth/errors';
import { CUSTOM_TOKEN_SECRET, InvalidProviderSettingsError, type IdentityMethods, type PlannedImport } from '@rapidauth/identity';
import { checkName, clientSettings, TenancyError } from '@rapidauth/tenancy';
import { AdminError } from '../http/admin.errors';
import { fieldProblems } from '../http/validation';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ExportDocument,
  type AppSignatureDocument,
  type AuthServiceDocument,
  type EnvironmentDocument,
  type ImportOrganizationDto,
} from './transfer-document.dto';

/** A service of the document, its config validated by its type's schema with the given secrets. */
export interface ImportedService {
  readonly document: AuthServiceDocument;
  readonly validated: ValidatedConfig;
  /** Its `secretsOmitted` not given in the body's `secrets`. */
  readonly missingSecrets: string[];
  /** Whether a missing secret is required: the service is then created disabled. */
  readonly lacksRequiredSecret: boolean;
}

/** An environment's identity methods from the document (none: the defaults), and the secret it lacks. */
export interface ImportedEnvironment {
  readonly planned: PlannedImport | undefined;
  readonly missingSecrets: string[];
}

/** Validates identity-method settings as PATCH /v1/environments/:id/identity-methods does. */
export type SettingsPlanner = Pick<IdentityMethods, 'planImport'>;

/** Validates app signatures as POST /v1/environments/:id/app-signatures does. */
export type SignaturePlanner = Pick<AppSignatures, 'planImport'>;

/** An app signature of the document that passed the create rules, with the key `secrets` gave (else one is generated). */
export interface ImportedSignature {
  readonly document: AppSignatureDocument;
  readonly checked: CheckedSignature;
}

/** An import request that passed every check that needs nothing of this installation but its roles. */
export interface ValidImport {
  readonly document: ExportDocument;
  readonly name: string;
  readonly clientIds: 'keep' | 'new';
  readonly services: ImportedService[];
  /** One per document environment, in its order. */
  readonly environments: ImportedEnvironment[];
  /** One per document app signature, in its order (none in documents from before them). */
  readonly signatures: ImportedSignature[];
}

/**
 * Reads an import body: the format and version first (400 UNSUPPORTED_EXPORT_VERSION), then the
 * document's schema, its refs and every object under the rules its create route applies (client
 * rules, connector config schemas, identity-method settings, app signatures, names). Every problem is listed at once (400, `document.*` or
 * `secrets.*` fields); nothing has been written.
 */
export function readImport(
  body: ImportOrganizationDto,
  registry: ConnectorRegistry,
  roles: ReadonlySet<string>,
  planners: { settings: SettingsPlanner; signatures: SignaturePlanner },
): ValidImport {
  const raw = body.document;
  if (raw.format !== EXPORT_FORMAT || raw.version !== EXPORT_VERSION) {
    const field = raw.format !== EXPORT_FORMAT ? 'document.format' : 'document.version';
    throw new AdminError('UNSUPPORTED_EXPORT_VERSION', `only ${EXPORT_FORMAT} documents of version ${EXPORT_VERSION} can be imported`, field);
  }
  const document = plainToInstance(ExportDocument, raw);
  const schema = validateSync(document, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (schema.length > 0) throw new BadRequestException({ fields: fieldProblems(schema, 'document') });

  const problems = new Problems();
  const name = body.name ?? document.organization.name;
  problems.check(() => body.name === undefined ? 'document.organization.name' : 'name', () => checkName('name', name, { organization: true }));
  checkRefs(document, problems);
  const services = document.authServices.map((service, index) => readService(service, index, body.secrets?.[service.ref], registry, problems));
  checkSecretsBody(body.secrets ?? {}, document, registry, problems);
  checkEnvironments(document, problems);
  const environments = document.environments.map((environment, index) => readIdentityMethods(environment, index, body.secrets?.[environment.ref], planners.settings, problems));
  const signatures = (document.appSignatures ?? []).flatMap((signature, index) => readSignature(document, signature, index, body.secrets?.[signature.ref], planners.signatures, problems));
  document.clients.forEach((client, index) =>
    problems.check((field) => `document.clients.${index}.${field}`, () => clientSettings({ ...client, environmentId: client.environment })),
  );
  document.authorities.forEach((authority, index) => {
    if (!roles.has(authority.role)) problems.add(`document.authorities.${index}.role`, `no such role: ${authority.role}`);
  });
  problems.throwIfAny();
  return { document, name, clientIds: body.clientIds ?? 'keep', services, environments, signatures };
}

/** Field problems collected over the whole document. */
class Problems {
  private readonly list: FieldProblem[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  /** Runs a create rule; a TenancyError it throws becomes a problem on the document field `at` names for its field. */
  check(at: (field: string | undefined) => string, rule: () => unknown): void {
    try {
      rule();
    } catch (error) {
      if (!(error instanceof TenancyError)) throw error;
      this.add(at(error.field), error.message);
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new BadRequestException({ fields: this.list });
  }
}

/** Every ref is unique, and every object names existing ones of the right kind. */
function checkRefs(document: ExportDocument, problems: Problems): void {
  const seen = new Set<string>();
  const kinds = [
    ['apps', document.apps],
    ['environments', document.environments],
    ['authServices', document.authServices],
    ['clients', document.clients],
    ['groups', document.groups],
    ['dataLinks', document.dataLinks ?? []],
    ['appSignatures', document.appSignatures ?? []],
  ] as const;
  for (const [kind, objects] of kinds) {
    objects.forEach((object, index) => {
      if (seen.has(object.ref)) problems.add(`document.${kind}.${index}.ref`, `ref "${object.ref}" is used twice`);
      seen.add(object.ref);
    });
  }
  const apps = new Set(document.apps.map((app) => app.ref));
  const groups = new Set(document.groups.map((group) => group.ref));
  const environmentOf = new Map(document.environments.map((environment) => [environment.ref, environment]));
  const services = servicesByRef(document);
  const dangling = (field: string, ref: string | undefined, kind: string) => problems.add(field, `${field} names no ${kind} of the document ("${ref ?? ''}")`);

  unique(document.apps.map((app) => app.name), 'document.apps', 'name', problems);
  unique(document.groups.map((group) => group.name), 'document.groups', 'name', problems);
  unique(document.environments.map((environment) => `${environment.app} ${environment.name}`), 'document.environments', 'name', problems);
  unique(document.environments.map((environment) => environment.appKey), 'document.environments', 'appKey', problems);
  unique(document.clients.map((client) => client.clientId), 'document.clients', 'clientId', problems);
  unique((document.dataLinks ?? []).map((link) => `${link.environment} ${link.name}`), 'document.dataLinks', 'name', problems);
  // One signature per app build in an environment, as the create route's NAME_TAKEN on `version`.
  unique(
    (document.appSignatures ?? []).map((signature) => JSON.stringify([signature.environment, signature.identifier, signature.version, signature.platform])),
    'document.appSignatures',
    'version',
    problems,
  );

  document.apps.forEach((app, index) => {
    if (app.defaultEnvironment && environmentOf.get(app.defaultEnvironment)?.app !== app.ref) {
      dangling(`document.apps.${index}.defaultEnvironment`, app.defaultEnvironment, "environment of this app");
    }
  });
  document.environments.forEach((environment, index) => {
    if (!apps.has(environment.app)) dangling(`document.environments.${index}.app`, environment.app, 'app');
  });
  document.authServices.forEach((service, index) => {
    const { environment, organization } = service.scope;
    if ((environment === undefined) === (organization === undefined)) {
      problems.add(`document.authServices.${index}.scope`, 'scope must be either {environment: ref} or {organization: true}');
    } else if (environment !== undefined && !environmentOf.has(environment)) {
      dangling(`document.authServices.${index}.scope.environment`, environment, 'environment');
    }
  });
  document.clients.forEach((client, index) => {
    if (!environmentOf.has(client.environment)) dangling(`document.clients.${index}.environment`, client.environment, 'environment');
  });
  document.authorities.forEach((authority, index) => {
    const at = `document.authorities.${index}`;
    const { principal, target } = authority;
    if (principal.type === 'group' && !groups.has(principal.ref ?? '')) dangling(`${at}.principal.ref`, principal.ref, 'group');
    if (principal.type === 'admin' && !principal.username) problems.add(`${at}.principal.username`, 'an admin principal needs its username');
    if (target.type === 'app' && !apps.has(target.ref ?? '')) dangling(`${at}.target.ref`, target.ref, 'app');
    if (target.type === 'environment' && !environmentOf.has(target.ref ?? '')) dangling(`${at}.target.ref`, target.ref, 'environment');
  });
  (document.dataLinks ?? []).forEach((link, index) => {
    if (!environmentOf.has(link.environment)) dangling(`document.dataLinks.${index}.environment`, link.environment, 'environment');
    else if (!usableBy(services, link.environment, link.authService)) dangling(`document.dataLinks.${index}.authService`, link.authService, 'auth service of its environment or organization');
  });
  (document.appSignatures ?? []).forEach((signature, index) => {
    if (!environmentOf.has(signature.environment)) dangling(`document.appSignatures.${index}.environment`, signature.environment, 'environment');
  });
}

function unique(values: readonly string[], list: string, field: string, problems: Problems): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) problems.add(`${list}.${index}.${field}`, `${field} is already used by another entry of the document`);
    seen.add(value);
  });
}

function servicesByRef(document: ExportDocument): Map<string, AuthServiceDocument> {
  return new Map(document.authServices.map((service) => [service.ref, service]));
}

/** A service the environment can sign in through: its own, or one of the whole organization. */
function usableBy(services: ReadonlyMap<string, AuthServiceDocument>, environmentRef: string, serviceRef: string): boolean {
  const service = services.get(serviceRef);
  return service !== undefined && (service.scope.organization === true || service.scope.environment === environmentRef);
}

/** Each environment has its one built-in `local` service; its identity settings name services it can use. */
function checkEnvironments(document: ExportDocument, problems: Problems): void {
  document.authServices.forEach((service, index) => {
    if (service.type === 'local' && service.scope.environment === undefined) {
      problems.add(`document.authServices.${index}.scope`, 'a local service belongs to one environment');
    }
  });
  const services = servicesByRef(document);
  const locals = new Map<string, number>();
  for (const service of document.authServices) {
    if (service.type === 'local' && service.scope.environment) locals.set(service.scope.environment, (locals.get(service.scope.environment) ?? 0) + 1);
  }
  document.environments.forEach((environment: EnvironmentDocument, index) => {
    const at = `document.environments.${index}`;
    const count = locals.get(environment.ref) ?? 0;
    if (count !== 1) problems.add(at, `an environment has exactly one local service (the document gives ${count})`);
    const { enabledServices, defaultService } = environment.identity;
    enabledServices.forEach((ref, serviceIndex) => {
      if (!usableBy(services, environment.ref, ref)) {
        problems.add(`${at}.identity.enabledServices.${serviceIndex}`, `names no auth service of this environment or its organization ("${ref}")`);
      }
    });
    if (!defaultService || !enabledServices.includes(defaultService)) problems.add(`${at}.identity.defaultService`, 'defaultService must be one of enabledServices');
  });
}

/**
 * The service's config with the given secrets, validated by its type's schema as the create route
 * does. A secret left out is no problem: the service then lists it in `missingSecrets`, and is
 * created disabled when the type requires it.
 */
function readService(
  service: AuthServiceDocument,
  index: number,
  given: Record<string, unknown> | undefined,
  registry: ConnectorRegistry,
  problems: Problems,
): ImportedService {
  const at = `document.authServices.${index}`;
  const empty: ImportedService = { document: service, validated: { config: {}, secrets: {} }, missingSecrets: [], lacksRequiredSecret: false };
  const fields = registry.describe(service.type).fields;
  const secretFields = fields.filter((field) => field.secret);
  service.secretsOmitted.forEach((key, keyIndex) => {
    if (!secretFields.some((field) => field.key === key)) problems.add(`${at}.secretsOmitted.${keyIndex}`, `"${key}" is not a secret setting of ${service.type} services`);
  });
  for (const key of Object.keys(service.config)) {
    if (secretFields.some((field) => field.key === key)) problems.add(`${at}.config.${key}`, `a document never holds secret settings: give ${key} in secrets`);
  }
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(given ?? {})) {
    if (typeof value === 'string' && secretFields.some((field) => field.key === key)) secrets[key] = value;
  }
  const missingSecrets = service.secretsOmitted.filter((key) => secrets[key] === undefined);
  const absent = secretFields.filter((field) => secrets[field.key] === undefined).map((field) => field.key);
  const lacksRequiredSecret = secretFields.some((field) => field.required && secrets[field.key] === undefined);
  try {
    return { document: service, validated: registry.validate(service.type, { ...service.config, ...secrets }), missingSecrets, lacksRequiredSecret };
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    const remaining = error.fields.filter((problem) => !absent.some((key) => problem.field === `config.${key}`));
    remaining.forEach((problem) => problems.add(`${at}.${problem.field}`, problem.message));
    if (remaining.length > 0) return empty;
    // Only the secrets left out are missing: the rest was valid, and the stored config is checked again when opened.
    return { document: service, validated: { config: structuredClone(service.config), secrets }, missingSecrets, lacksRequiredSecret };
  }
}

/**
 * The environment's identity methods under the PATCH rules, its custom-token secret given apart in
 * `secrets`. Without it, custom-token login on with HS256 could not check a token: it is imported
 * off, as a connector lacking a required secret is created disabled, and the secret is listed missing.
 */
function readIdentityMethods(
  environment: EnvironmentDocument,
  index: number,
  given: Record<string, unknown> | undefined,
  settings: SettingsPlanner,
  problems: Problems,
): ImportedEnvironment {
  const at = `document.environments.${index}.identityMethods`;
  const secret = typeof given?.[CUSTOM_TOKEN_SECRET] === 'string' ? given[CUSTOM_TOKEN_SECRET] : undefined;
  const methods = structuredClone(environment.identityMethods ?? {});
  const customToken = methods.customToken;
  if (typeof customToken === 'object' && customToken !== null && Object.hasOwn(customToken, 'secret')) {
    problems.add(`${at}.${CUSTOM_TOKEN_SECRET}`, `a document never holds secret settings: give ${CUSTOM_TOKEN_SECRET} in secrets`);
    delete (customToken as Record<string, unknown>).secret;
  }
  try {
    const planned = settings.planImport(methods, secret);
    const omitted = (environment.secretsOmitted ?? []).length > 0 || planned.customTokenTurnedOff;
    return { planned, missingSecrets: secret === undefined && omitted ? [CUSTOM_TOKEN_SECRET] : [] };
  } catch (error) {
    if (!(error instanceof InvalidProviderSettingsError)) throw error;
    for (const problem of error.fields) {
      const field = problem.field === CUSTOM_TOKEN_SECRET && secret !== undefined ? `secrets.${environment.ref}.${CUSTOM_TOKEN_SECRET}` : `${at}.${problem.field}`;
      problems.add(field, problem.message);
    }
    return { planned: undefined, missingSecrets: [] };
  }
}

/**
 * The signature under the create route's rules, its scopes against its environment's custom scopes
 * in the document. The key is never in the document: `secrets` may give it (problems with it are
 * `secrets.<ref>.secret`), else a new one is generated when it is written. None when its
 * environment names nothing (already a problem).
 */
function readSignature(
  document: ExportDocument,
  signature: AppSignatureDocument,
  index: number,
  given: Record<string, unknown> | undefined,
  planner: SignaturePlanner,
  problems: Problems,
): ImportedSignature[] {
  const environment = document.environments.find((candidate) => candidate.ref === signature.environment);
  if (!environment) return [];
  const { ref: _ref, environment: _environment, secretsOmitted: _omitted, ...settings } = signature;
  const secret = typeof given?.[APP_SIGNATURE_SECRET] === 'string' ? given[APP_SIGNATURE_SECRET] : undefined;
  try {
    return [{ document: signature, checked: planner.planImport({ ...settings, secret }, environment.customScopes ?? []) }];
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
    for (const problem of error.fields) {
      problems.add(problem.field === APP_SIGNATURE_SECRET ? `secrets.${signature.ref}.${APP_SIGNATURE_SECRET}` : `document.appSignatures.${index}.${problem.field}`, problem.message);
    }
    return [];
  }
}

/**
 * `secrets` names services of the document and, for each, only secret settings of its type, as
 * strings; or environments, with `customToken.secret`; or app signatures, with `secret`.
 */
function checkSecretsBody(secrets: Record<string, unknown>, document: ExportDocument, registry: ConnectorRegistry, problems: Problems): void {
  for (const [ref, values] of Object.entries(secrets)) {
    const service = document.authServices.find((candidate) => candidate.ref === ref);
    const environment = document.environments.some((candidate) => candidate.ref === ref);
    const signature = (document.appSignatures ?? []).some((candidate) => candidate.ref === ref);
    if (!service && !environment && !signature) {
      problems.add(`secrets.${ref}`, 'names no auth service, environment or app signature of the document');
      continue;
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      problems.add(`secrets.${ref}`, 'must be an object of secret settings');
      continue;
    }
    const secretKeys = service
      ? registry.describe(service.type).fields.filter((field) => field.secret).map((field) => field.key)
      : environment
        ? [CUSTOM_TOKEN_SECRET]
        : [APP_SIGNATURE_SECRET];
    const kind = service ? `${service.type} services` : environment ? 'environments' : 'app signatures';
    for (const [key, value] of Object.entries(values)) {
      if (!secretKeys.includes(key)) problems.add(`secrets.${ref}.${key}`, `"${key}" is not a secret setting of ${kind}`);
      else if (typeof value !== 'string') problems.add(`secrets.${ref}.${key}`, 'must be a string');
    }
  }
}
