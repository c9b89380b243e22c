import type http from "node:http";
import type Provider from "oidc-provider";
import { errors } from "oidc-provider";
import { ACCOUNT_HINT, viewerOfAccount } from "./accounts.js";
import { errorPage, loginPage, PAGE_SECURITY_HEADERS } from "./loginPage.js";

const FORM_LIMIT_BYTES = 10_000;

function sendPage(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...PAGE_SECURITY_HEADERS }).end(html);
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT_BYTES) throw new RangeError("the form is too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * The sign-in interaction of the development provider:
 * `GET /interaction/<uid>` shows the form; `POST /interaction/<uid>/login` signs the
 * account in (or shows the form again, saying why not); `POST /interaction/<uid>/abort`
 * sends the application an access_denied. Consent is never asked: the clients are first-party
 * (loadExistingGrant grants what they ask; a consent prompt that still comes is granted here).
 */
export async function handleInteraction(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const path = (req.url ?? "/").split("?")[0]!;
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(path);
  if (!match) return sendPage(res, 404, errorPage("Not found", `Nothing is at ${path}.`));
  const [, uid, action] = match;
  const expected = action ? "POST" : "GET";
  if (req.method !== expected) {
    res.setHeader("allow", expected);
    return sendPage(res, 405, errorPage("Method not allowed", `${path} answers ${expected} only.`));
  }

  let details: Awaited<ReturnType<Provider["interactionDetails"]>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound)
      return sendPage(
        res,
        400,
        errorPage(
          "Sign-in expired",
          "This sign-in is no longer under way (it expired, or was finished). Start again from the application.",
        ),
      );
    throw error;
  }
  if (details.uid !== uid)
    return sendPage(
      res,
      400,
      errorPage("Sign-in expired", "This page belongs to another sign-in. Start again from the application."),
    );
  const clientId = typeof details.params.client_id === "string" ? details.params.client_id : "";
  const client = await provider.Client.find(clientId);
  const clientName = client?.clientName ?? clientId;
  const form = {
    action: `/interaction/${uid}/login`,
    abortAction: `/interaction/${uid}/abort`,
    clientName,
    hint: `Type ${ACCOUNT_HINT}.`,
  };

  if (action === "abort") {
    await provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The person cancelled the sign-in." },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  if (action === "login") {
    let login: string;
    try {
      login = ((await readForm(req)).get("login") ?? "").trim();
    } catch (error) {
      return sendPage(res, 413, errorPage("Sign-in failed", (error as Error).message));
    }
    if (!viewerOfAccount(login)) {
      const error = login === "" ? "Enter an account." : `“${login}” is not an account.`;
      return sendPage(res, 400, loginPage({ ...form, value: login, error }));
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }

  if (details.prompt.name === "login") {
    const hint =
      typeof details.params.login_hint === "string" && viewerOfAccount(details.params.login_hint)
        ? details.params.login_hint
        : "";
    return sendPage(res, 200, loginPage({ ...form, value: hint }));
  }

  // consent: granted for these first-party clients, as asked.
  const accountId = details.session?.accountId;
  if (!accountId || !client)
    return sendPage(
      res,
      400,
      errorPage("Sign-in failed", "No one is signed in for this request. Start again from the application."),
    );
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(" "));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
