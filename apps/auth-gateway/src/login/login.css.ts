/** The default login page's stylesheet, served from /static/login.css (CSP allows 'self' only). */
export const LOGIN_CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f4f5f7;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328}
.card{width:100%;max-width:24rem;margin:1rem;padding:2rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 .5rem}
label{display:block;margin-top:1rem;font-weight:600}
input[type=text],input[type=password]{width:100%;margin-top:.25rem;padding:.625rem .75rem;border:1px solid #8c959f;border-radius:.375rem;font:inherit}
input:focus-visible,button:focus-visible{outline:3px solid #0969da;outline-offset:2px}
button{margin-top:1.5rem;width:100%;padding:.75rem;border:0;border-radius:.375rem;background:#0b5cad;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{margin-top:.5rem;background:#eaeef2;color:#1f2328}
.error{margin:1rem 0 0;padding:.75rem;border-radius:.375rem;background:#ffebe9;color:#82071e}
.client,.code{color:#57606a}
.qr{display:block;width:12rem;height:12rem;margin:1rem auto}
.secret{word-break:break-all;font-size:1.05rem}
.recovery-codes{columns:2;padding-left:1.25rem;font-family:ui-monospace,monospace}
`;
