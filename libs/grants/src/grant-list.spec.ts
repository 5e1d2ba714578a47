import { readFilter, readSort } from './grant-list';
import { GrantError } from './grants.errors';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GrantError ? { code: error.code, field: error.field } : error;
  }
  return undefined;
};

describe('grant list parameters', () => {
  it('reads the reference sort from JSON or an object, defaulting to creation order', () => {
    expect(readSort('{"title":-1,"createdAt":1}')).toEqual([
      ['title', 'DESC'],
      ['createdAt', 'ASC'],
    ]);
    expect(readSort({ enabled: 1 })).toEqual([['enabled', 'ASC']]);
    expect(readSort(undefined)).toEqual([['createdAt', 'ASC']]);
    expect(readSort({})).toEqual([['createdAt', 'ASC']]);
  });

  it('refuses sorts that are not JSON objects of allow-listed fields to 1 or -1', () => {
    expect(codeOf(() => readSort('{title'))).toEqual({ code: 'INVALID_SORT', field: 'sort' });
    expect(codeOf(() => readSort('[1]'))).toEqual({ code: 'INVALID_SORT', field: 'sort' });
    expect(codeOf(() => readSort({ secretHash: 1 }))).toEqual({ code: 'INVALID_SORT', field: 'sort.secretHash' });
    expect(codeOf(() => readSort({ title: 'desc' }))).toEqual({ code: 'INVALID_SORT', field: 'sort.title' });
  });

  it('reads field equality on the queryable fields with their types', () => {
    const uid = '6f1c1c4e-6f5b-4c7e-9a51-0f0e3c1b2a77';
    expect(readFilter({ enabled: false, principalId: uid, title: 'iPad', clientId: 'cl_x' })).toEqual({
      enabled: false,
      principalId: uid,
      title: 'iPad',
      clientId: 'cl_x',
    });
    expect(readFilter(undefined)).toEqual({});
  });

  it('refuses other fields, wrong types and non-UUID ids, naming the field', () => {
    expect(codeOf(() => readFilter({ secretHash: 'x' }))).toEqual({ code: 'INVALID_QUERY', field: 'query.secretHash' });
    expect(codeOf(() => readFilter({ constructor: 'x' }))).toEqual({ code: 'INVALID_QUERY', field: 'query.constructor' });
    expect(codeOf(() => readFilter({ enabled: 'false' }))).toEqual({ code: 'INVALID_QUERY', field: 'query.enabled' });
    expect(codeOf(() => readFilter({ principalDomainId: 'env' }))).toEqual({ code: 'INVALID_QUERY', field: 'query.principalDomainId' });
    expect(codeOf(() => readFilter(['enabled']))).toEqual({ code: 'INVALID_QUERY', field: 'query' });
  });
});
