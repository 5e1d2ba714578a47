/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The shell of every gateway page: no scripts, no third-party resources but an admin's stylesheet. */
export function layout(title: string, body: string, options: { cssUrl?: string } = {}): string {
  const stylesheets = ['/static/login.css', ...(options.cssUrl ? [options.cssUrl] : [])]
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
${stylesheets}
</head>
<body>
<main class="card">
${body}
</main>
</body>
</html>`;
}
