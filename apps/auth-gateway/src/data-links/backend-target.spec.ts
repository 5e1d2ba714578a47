import { backendTarget, parseProxyPath } from './backend-target';

describe('data-link backend target', () => {
  it.each([
    ['/orders', { name: 'orders', rest: '', search: '' }],
    ['/orders/', { name: 'orders', rest: '/', search: '' }],
    ['/orders/items/7?x=1&y=%20z', { name: 'orders', rest: '/items/7', search: '?x=1&y=%20z' }],
    ['/orders?x=1', { name: 'orders', rest: '', search: '?x=1' }],
  ])('reads %s as the link name, the rest and the query', (url, expected) => {
    expect(parseProxyPath(url)).toEqual(expected);
  });

  it.each(['/', '', '?x=1', '//x'])('names no link in %p', (url) => {
    expect(parseProxyPath(url)).toBeUndefined();
  });

  it.each([
    ['https://orders.example.com/api', '/items/7', '?q=1', 'https://orders.example.com/api/items/7?q=1'],
    ['https://orders.example.com/api/', '/items', '', 'https://orders.example.com/api/items'],
    ['http://127.0.0.1:8080', '', '', 'http://127.0.0.1:8080/'],
    ['https://orders.example.com/api', '/../admin', '', 'https://orders.example.com/api/admin'],
    ['https://orders.example.com/api', '/a/%2e%2E/%2E%2e/admin', '', 'https://orders.example.com/api/admin'],
    ['https://orders.example.com/api', '//evil.example/x', '', 'https://orders.example.com/api//evil.example/x'],
    ['https://orders.example.com/api', '/a%2Fb', '', 'https://orders.example.com/api/a%2Fb'],
  ])('puts %s + %s%s at %s, never above the link path', (backendUrl, rest, search, expected) => {
    expect(backendTarget(backendUrl, { name: 'orders', rest, search }).href).toBe(expected);
  });
});
