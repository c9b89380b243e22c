import * as oauth from "oauth4webapi";

/** Your web app as a public client of the identity provider: Authorization Code + PKCE, no secret. */
export interface SignInClient {
  issuer: string;
  clientId: string;
  redirectUri: string;
}

/** The tab's sessionStorage (what this needs of it). */
type TabStorage = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
};

async function discover(app: SignInClient) {
  const issuer = new URL(app.issuer);
  // The development provider speaks plain HTTP on localhost; any other must be HTTPS.
  const options = { [oauth.allowInsecureRequests]: issuer.protocol === "http:" && issuer.hostname === "localhost" };
  const server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
  return { server, options, client: { client_id: app.clientId } };
}

/** On "Sign in": where to send the browser. The verifier and state wait in the tab's sessionStorage. */
export async function signInUrl(app: SignInClient, storage: Pick<TabStorage, "setItem">): Promise<string> {
  const { server } = await discover(app);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  storage.setItem("sign-in", JSON.stringify({ verifier, state }));
  const url = new URL(server.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    scope: "openid",
    resource: "urn:smart:graph", // the token's audience: the European graph
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  }).toString();
  return url.href;
}

/** Back at redirectUri (`?code=…&state=…`, or `?error=…`): the state checked, the code exchanged for the graph's token. */
export async function finishSignIn(
  app: SignInClient,
  href: string,
  storage: Pick<TabStorage, "getItem" | "removeItem">,
) {
  const { server, options, client } = await discover(app);
  const { verifier, state } = JSON.parse(storage.getItem("sign-in") ?? "{}") as { verifier: string; state: string };
  storage.removeItem("sign-in");
  const parameters = oauth.validateAuthResponse(server, client, new URL(href), state); // throws on ?error=…
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    parameters,
    app.redirectUri,
    verifier,
    {
      additionalParameters: { resource: "urn:smart:graph" },
      ...options,
    },
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response);
  return { accessToken: result.access_token, expiresAt: Date.now() + (result.expires_in ?? 0) * 1000 };
}
