import { escapeHtml, escapeJsonString, renderTemplate } from './render-template';

describe('renderTemplate', () => {
  const vars = { code: '042917', link: 'https://auth.example.com/v3/auth/email/verify?token=a&b=<c>', appName: 'Acme "Pro"', expiresMinutes: 5 };

  it('fills the four placeholders, every occurrence', () => {
    expect(renderTemplate('{{appName}}: {{code}} ({{expiresMinutes}} min) {{link}} {{code}}', vars)).toBe(
      `Acme "Pro": 042917 (5 min) ${vars.link} 042917`,
    );
  });

  it('leaves unknown and missing placeholders empty, inherited names included, and runs no other template logic', () => {
    expect(renderTemplate('[{{nope}}][{{user_name2}}][{{link}}][{{constructor}}][{{#if code}}]', { code: '1' })).toBe('[][][][][{{#if code}}]');
    expect(renderTemplate('{{ code }} {code} {{code}}', { code: '7' })).toBe('{{ code }} {code} 7');
  });

  it('escapes values (never the template) when asked: HTML for the html part', () => {
    const html = renderTemplate('<a href="{{link}}">{{appName}}</a> <b>{{code}}</b>', vars, escapeHtml);
    expect(html).toBe('<a href="https://auth.example.com/v3/auth/email/verify?token=a&amp;b=&lt;c&gt;">Acme &quot;Pro&quot;</a> <b>042917</b>');
    expect(renderTemplate('{{appName}}', { appName: `<script>alert('x')</script>` }, escapeHtml)).toBe('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
  });

  it('JSON-escapes values placed inside a JSON string, so the body stays one valid document', () => {
    const text = 'Code "1"\\2\n</x>\u2028 é';
    const body = renderTemplate('{"to":"{{to}}","text":"{{text}}"}', { to: '+33612345678', text }, escapeJsonString);
    expect(JSON.parse(body)).toEqual({ to: '+33612345678', text });
    const injected = renderTemplate('{"to":"{{to}}","text":"{{text}}"}', { to: '+1", "admin": true, "x": "', text: 't' }, escapeJsonString);
    expect(Object.keys(JSON.parse(injected))).toEqual(['to', 'text']);
  });
});
