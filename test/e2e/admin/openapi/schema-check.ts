import { isISO8601, isUUID } from 'class-validator';

/** The part of OpenAPI 3.0 schemas @nestjs/swagger writes. */
export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}

/**
 * Where `value` departs from `schema`: a required field missing, a field the schema does not
 * name, a wrong type, enum value or format (uuid, date-time). Empty when it matches.
 */
export function schemaProblems(schema: Schema, value: unknown, schemas: Record<string, Schema>, at = '$'): string[] {
  if (schema.$ref) return schemaProblems(schemas[schema.$ref.replace('#/components/schemas/', '')], value, schemas, at);
  if (schema.allOf) return schema.allOf.flatMap((part) => schemaProblems(part, value, schemas, at));
  if (schema.oneOf) {
    const fits = schema.oneOf.some((option) => schemaProblems(option, value, schemas, at).length === 0);
    return fits ? [] : [`${at}: matches none of oneOf`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null, not nullable`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`];
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${at}: ${typeof value}, not a string`];
      if (schema.format === 'uuid' && !isUUID(value)) return [`${at}: not a uuid`];
      if (schema.format === 'date-time' && !isISO8601(value, { strict: true })) return [`${at}: not a date-time`];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: not a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((item, index) => schemaProblems(schema.items ?? {}, item, schemas, `${at}[${index}]`));
    case 'object':
    case undefined:
      return schema.properties || schema.type === 'object' ? objectProblems(schema, value, schemas, at) : [];
  }
}

function objectProblems(schema: Schema, value: unknown, schemas: Record<string, Schema>, at: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not an object`];
  const record = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  const missing = (schema.required ?? []).filter((name) => !(name in record)).map((name) => `${at}.${name}: required, missing`);
  const unnamed = schema.additionalProperties || !schema.properties ? [] : Object.keys(record).filter((name) => !(name in properties)).map((name) => `${at}.${name}: not in the schema`);
  const wrong = Object.entries(record).flatMap(([name, field]) => (properties[name] ? schemaProblems(properties[name], field, schemas, `${at}.${name}`) : []));
  return [...missing, ...unnamed, ...wrong];
}
