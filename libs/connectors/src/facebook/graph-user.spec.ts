import { graphFields, meUrl, providerUidOf } from './graph-user';

const base = { userIdAttribute: 'id', allowedAttributes: [] as string[] };

describe('Graph API user fields', () => {
  it('asks for id, the fields that name the user, those the permissions release and the allowed User fields, once each', () => {
    expect(graphFields(base)).toEqual(['id']);
    expect(
      graphFields({ userIdAttribute: 'token_for_business', uniqueUserContextField: 'email', scope: 'email user_birthday', allowedAttributes: ['name', 'email', 'id', 'audience', 'client_token', 'department'] }),
    ).toEqual(['id', 'token_for_business', 'email', 'birthday', 'name']);
    expect(graphFields({ ...base, scope: 'public_profile' })).toEqual(['id', 'name', 'first_name', 'last_name', 'middle_name', 'short_name', 'name_format', 'picture']);
    expect(graphFields({ ...base, scope: 'pages_show_list' })).toEqual(['id']);
  });

  it('builds /me under the versioned base, with or without its trailing slash', () => {
    for (const graphApiUrl of ['https://graph.facebook.com/v19.0', 'https://graph.facebook.com/v19.0/']) {
      const url = new URL(meUrl(graphApiUrl, ['id', 'email']));
      expect(`${url.origin}${url.pathname}`).toBe('https://graph.facebook.com/v19.0/me');
      expect(Object.fromEntries(url.searchParams)).toEqual({ fields: 'id,email' });
    }
  });

  it('names the user by userIdAttribute, else uniqueUserContextField, else not at all', () => {
    const config = { userIdAttribute: 'token_for_business', uniqueUserContextField: 'id' };
    expect(providerUidOf({ id: '101', token_for_business: 'AbZ' }, config)).toBe('AbZ');
    expect(providerUidOf({ id: '101' }, config)).toBe('101');
    expect(providerUidOf({ id: 101, token_for_business: '' }, config)).toBe('101');
    expect(providerUidOf({ id: '101', token_for_business: { nested: true } }, config)).toBe('101');
    expect(providerUidOf({ name: 'Alice' }, config)).toBeUndefined();
    expect(providerUidOf({ id: '101' }, { userIdAttribute: 'email' })).toBeUndefined();
    expect(providerUidOf({ id: 'x'.repeat(256) }, { userIdAttribute: 'id' })).toBeUndefined();
    expect(providerUidOf({ id: Number.NaN }, { userIdAttribute: 'id' })).toBeUndefined();
  });
});
