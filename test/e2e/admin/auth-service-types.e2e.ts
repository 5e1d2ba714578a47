import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { schemaProblems, type Schema } from './openapi/schema-check';

interface Field {
  key: string;
  kind: string;
  required: boolean;
  range?: [number, number];
  maxItems?: number;
  fields?: Field[];
}
interface TypeAnswer {
  type: string;
  fields: Field[];
}

/**
 * What the console renders its service forms from (docs/admin-api.md#auth-service-configuration):
 * integer ranges, list bounds and the keys of nested objects, as the OpenAPI document declares them.
 */
describe('admin API: auth service types for the console', () => {
  let testbed: AdminTestbed;
  let types: TypeAnswer[];
  const fieldOf = (type: string, key: string) => types.find((answer) => answer.type === type)!.fields.find((field) => field.key === key)!;

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    const { status, body } = await testbed.api('GET', '/v1/auth-service-types');
    expect(status).toBe(200);
    types = body as unknown as TypeAnswer[];
  });

  afterAll(() => testbed?.stop());

  it('gives integer fields their range', () => {
    expect(fieldOf('ldap', 'poolSize')).toMatchObject({ kind: 'integer', range: [0, 50], default: 4 });
    expect(fieldOf('custom', 'timeoutMs')).toMatchObject({ kind: 'integer', range: [100, 30_000] });
    expect(fieldOf('local', 'tokenTtl')).toMatchObject({ kind: 'integer', range: [60, 86_400] });
    for (const field of types.flatMap((answer) => answer.fields)) {
      if (field.kind === 'integer') expect(field.range).toEqual([expect.any(Number), expect.any(Number)]);
      else expect(field).not.toHaveProperty('range');
    }
  });

  it('gives bounded lists their maxItems', () => {
    for (const answer of types) expect(fieldOf(answer.type, 'redirectUris')).toMatchObject({ kind: 'string[]', maxItems: 50 });
    expect(fieldOf('ldap', 'allowedAttributes')).not.toHaveProperty('maxItems');
  });

  it('describes the keys of object and object[] fields in the same shape', () => {
    expect(fieldOf('ldap', 'loginPage')).toMatchObject({
      kind: 'object',
      fields: [
        { key: 'mode', kind: 'enum', required: true, options: ['default', 'css', 'hosted'] },
        { key: 'url', kind: 'url', required: false },
      ],
    });
    expect(fieldOf('saml-post', 'headerMappings')).toMatchObject({
      kind: 'object[]',
      fields: [
        { key: 'attribute', kind: 'string', required: true },
        { key: 'header', kind: 'string', required: true },
      ],
    });
    for (const field of types.flatMap((answer) => answer.fields)) {
      if (!field.kind.startsWith('object')) expect(field).not.toHaveProperty('fields');
    }
  });

  it('answers exactly what the OpenAPI document declares, nested fields included', async () => {
    const document = (await (await fetch(`${testbed.gateway.adminUrl}/docs-json`)).json()) as { components: { schemas: Record<string, Schema> } };
    const schema: Schema = { type: 'array', items: { $ref: '#/components/schemas/AuthServiceTypeDto' } };
    expect(schemaProblems(schema, types, document.components.schemas)).toEqual([]);
    const declared = document.components.schemas.ConfigFieldDto.properties!;
    expect(Object.keys(declared)).toEqual(expect.arrayContaining(['range', 'maxItems', 'fields']));
  });
});
