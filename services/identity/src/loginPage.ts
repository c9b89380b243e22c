const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/** No script, no outside resource; the form posts to this origin. */
export const PAGE_SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
} as const;

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1c1e21; }
  main { max-width: 26rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  .dev { margin: 0 0 1.5rem; color: #8a4b00; font-size: .9rem; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #767676; border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid #1a73e8; outline-offset: 1px; }
  input[aria-invalid="true"] { border-color: #b3261e; }
  .hint { font-size: .9rem; color: #4a4d52; margin: .25rem 0 1rem; }
  .error { color: #b3261e; font-weight: 600; margin: 0 0 1rem; }
  .actions { display: flex; gap: .75rem; align-items: center; }
  button { font: inherit; padding: .5rem 1.25rem; border-radius: 4px; border: 1px solid #1a73e8; background: #1a73e8; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1a73e8; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageOptions {
  /** Where the form posts: `/interaction/<uid>/login`. */
  action: string;
  /** Where "Cancel" posts: `/interaction/<uid>/abort`. */
  abortAction: string;
  /** The application asking: "the GraphQL IDE". */
  clientName: string;
  /** What was typed, shown again after an error. */
  value?: string;
  error?: string;
  hint: string;
}

/**
 * The development provider's sign-in page: one labelled text field named `login`
 * (the account: `BE:m17`, `staff:BE`, `central-office`) and a `Sign in` button.
 * No password: this provider exists for development and tests only.
 */
export function loginPage(options: LoginPageOptions): string {
  const invalid = options.error !== undefined;
  const error = invalid ? `<p class="error" id="login-error" role="alert">${escapeHtml(options.error!)}</p>\n` : "";
  const describedBy = invalid ? "login-error login-hint" : "login-hint";
  return page(
    "Sign in – Smart Europe Graph",
    `<h1>Sign in to Smart Europe Graph</h1>
<p class="dev">Development sign-in for ${escapeHtml(options.clientName)}: no password is asked.</p>
<form method="post" action="${escapeHtml(options.action)}" novalidate>
${error}<label for="login">Account</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus
  value="${escapeHtml(options.value ?? "")}" aria-describedby="${describedBy}"${invalid ? ' aria-invalid="true"' : ""}>
<p class="hint" id="login-hint">${escapeHtml(options.hint)}</p>
<div class="actions">
<button type="submit">Sign in</button>
<button type="submit" class="secondary" formaction="${escapeHtml(options.abortAction)}">Cancel</button>
</div>
</form>`,
  );
}

/** A page saying what went wrong, with no way on (the sign-in must be started again from the application). */
export function errorPage(title: string, message: string): string {
  return page(
    `${title} – Smart Europe Graph`,
    `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>`,
  );
}

/** Asks before signing out (`form` is oidc-provider's hidden form, `op.logoutForm`). */
export function signOutPage(form: string): string {
  return page(
    "Sign out – Smart Europe Graph",
    `<h1>Sign out of Smart Europe Graph?</h1>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>
</div>`,
  );
}

export function signedOutPage(clientName?: string): string {
  return page(
    "Signed out – Smart Europe Graph",
    `<h1>Signed out</h1>\n<p>You are signed out${clientName ? ` of ${escapeHtml(clientName)}` : ""}.</p>`,
  );
}
