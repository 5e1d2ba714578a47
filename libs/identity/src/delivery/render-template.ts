/** The values a message template may name (docs/admin-api.md, identity methods: templates). */
export type MessageVars = {
  readonly code?: string;
  readonly link?: string;
  readonly appName?: string;
  readonly expiresMinutes?: number;
};

const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/**
 * Replaces each `{{name}}` with its value, passed through `escape`; a placeholder without a value
 * becomes empty. No other template logic: templates are written by administrators and must not
 * be able to run anything.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string | number | undefined>>, escape: (value: string) => string = (value) => value): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    return value === undefined ? '' : escape(String(value));
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For text and attribute values in HTML (a link inside `href="…"` included). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/** For a value placed inside a JSON string literal: JSON.stringify's escaping without its quotes. */
export function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
