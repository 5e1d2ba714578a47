import { adDirectBindName, parseAdUsername } from './ad-username';

describe('parseAdUsername', () => {
  it.each([
    ['bob', undefined, { samAccountName: 'bob' }],
    ['bob', 'corp.example.com', { samAccountName: 'bob', userPrincipalName: 'bob@corp.example.com' }],
    ['CORP\\bob', undefined, { samAccountName: 'bob' }],
    ['CORP\\bob', 'corp.example.com', { samAccountName: 'bob', userPrincipalName: 'bob@corp.example.com' }],
    ['bob@corp.example.com', undefined, { userPrincipalName: 'bob@corp.example.com' }],
    ['bob@CORP.example.com', 'corp.example.com', { userPrincipalName: 'bob@CORP.example.com', samAccountName: 'bob' }],
    ['bob@other.example', 'corp.example.com', { userPrincipalName: 'bob@other.example' }],
  ])('reads %j (domain %s)', (input, domain, expected) => {
    expect(parseAdUsername(input, domain)).toEqual(expected);
  });

  it.each([['\\bob'], ['CORP\\'], ['A\\B\\bob'], ['CORP\\bob@x'], ['@corp.example.com'], ['bob@']])('refuses %j', (input) => {
    expect(parseAdUsername(input, 'corp.example.com')).toBeUndefined();
  });
});

describe('adDirectBindName', () => {
  it('binds as user@domain whenever a domain is configured', () => {
    for (const input of ['bob', 'CORP\\bob', 'bob@corp.example.com']) expect(adDirectBindName(input, 'corp.example.com')).toBe('bob@corp.example.com');
  });

  it('binds as typed without a domain, when the form is one AD binds with', () => {
    expect(adDirectBindName('bob@corp.example.com')).toBe('bob@corp.example.com');
    expect(adDirectBindName('CORP\\bob')).toBe('CORP\\bob');
    expect(adDirectBindName('bob')).toBeUndefined();
  });
});
