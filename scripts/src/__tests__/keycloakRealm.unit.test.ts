import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parse, parseAllDocuments } from "yaml";
import { FOUNDING_UNITS } from "@smart/platform";
import { unitAudience } from "../k8s/units.js";
import { REPO_ROOT } from "../stack/paths.js";

// No Keycloak runs here: the production realm (infra/keycloak/smart-realm.json, docs/keycloak.md)
// is read as Keycloak would import it, and the tokens it would issue are worked out from it:
// which audiences and which role and unit claims each kind of account gets.
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");

interface ProtocolMapper {
  name: string;
  protocolMapper: string;
  config: Record<string, string>;
}
interface ClientScope {
  name: string;
  protocolMappers?: ProtocolMapper[];
}
interface Client {
  clientId: string;
  enabled?: boolean;
  publicClient?: boolean;
  bearerOnly?: boolean;
  standardFlowEnabled?: boolean;
  implicitFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  fullScopeAllowed?: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
  defaultClientScopes?: string[];
  optionalClientScopes?: string[];
  protocolMappers?: ProtocolMapper[];
}
interface Group {
  name: string;
  attributes?: Record<string, string[]>;
  clientRoles?: Record<string, string[]>;
  realmRoles?: string[];
  subGroups?: Group[];
}
interface Component {
  name?: string;
  providerId: string;
  config: Record<string, string[]>;
}
interface Realm {
  realm: string;
  enabled: boolean;
  sslRequired: string;
  registrationAllowed: boolean;
  defaultSignatureAlgorithm: string;
  clientScopes: ClientScope[];
  clients: Client[];
  roles: { client: Record<string, { name: string }[]> };
  clientScopeMappings: Record<string, { clientScope: string; roles: string[] }[]>;
  groups: Group[];
  components: Record<string, Component[]>;
  users?: unknown[];
}

const FILE = "infra/keycloak/smart-realm.json";
const FRONTENDS = ["smart-ide", "smart-dashboard", "smart-participate"];

describe("infra > Keycloak realm (infra/keycloak/smart-realm.json)", () => {
  const text = read(FILE);
  const realm = JSON.parse(text) as Realm;
  const scope = (name: string) => realm.clientScopes.find((s) => s.name === name);
  const client = (clientId: string) => realm.clients.find((c) => c.clientId === clientId);
  // The gateway's public host: its HTTPRoute on the edge (infra/k8s/base/gateway/edge.yaml).
  const gatewayHost = parseAllDocuments(read("infra/k8s/base/gateway/edge.yaml"))
    .map(
      (document) => document.toJSON() as { kind: string; metadata: { name: string }; spec: { hostnames?: string[] } },
    )
    .find((o) => o.kind === "HTTPRoute" && o.metadata.name === "gateway")!.spec.hostnames![0]!;

  /** Every group with its path and its attributes and client roles as Keycloak resolves them (a subgroup inherits what it does not set). */
  const groups: { path: string; attributes: Record<string, string[]>; clientRoles: Record<string, string[]> }[] = [];
  const walk = (group: Group, parentPath: string, inherited: Record<string, string[]>) => {
    const groupPath = `${parentPath}/${group.name}`;
    const attributes = { ...inherited, ...(group.attributes ?? {}) };
    groups.push({ path: groupPath, attributes, clientRoles: group.clientRoles ?? {} });
    for (const sub of group.subGroups ?? []) walk(sub, groupPath, attributes);
  };
  for (const group of realm.groups) walk(group, "", {});
  const groupAt = (groupPath: string) => groups.find((g) => g.path === groupPath)!;

  /**
   * The claims an access token from `clientId` carries for an account in one group (one
   * group per account, docs/keycloak.md): the default client scopes' mappers, the
   * audiences of the clients whose roles the account holds within the client's scope
   * (Audience Resolve), and the user attribute mappers reading the group's attributes.
   */
  function accessToken(clientId: string, groupPath: string): { aud: string[]; claims: Record<string, string> } {
    const frontend = client(clientId)!;
    const group = groupAt(groupPath);
    const scopes = (frontend.defaultClientScopes ?? []).map((name) => scope(name)!);
    const mappers = [...scopes.flatMap((s) => s.protocolMappers ?? []), ...(frontend.protocolMappers ?? [])].filter(
      (m) => m.config["access.token.claim"] === "true",
    );
    const aud = new Set<string>();
    for (const mapper of mappers.filter((m) => m.protocolMapper === "oidc-audience-mapper"))
      aud.add(mapper.config["included.custom.audience"]!);
    if (mappers.some((m) => m.protocolMapper === "oidc-audience-resolve-mapper")) {
      for (const [roleClient, roles] of Object.entries(group.clientRoles)) {
        // Within the token's scope: mapped to one of the client's default scopes (fullScopeAllowed is off).
        const inScope = (realm.clientScopeMappings[roleClient] ?? []).some(
          (m) => frontend.defaultClientScopes?.includes(m.clientScope) && m.roles.some((r) => roles.includes(r)),
        );
        if (inScope) aud.add(roleClient);
      }
    }
    const claims: Record<string, string> = {};
    for (const mapper of mappers.filter((m) => m.protocolMapper === "oidc-usermodel-attribute-mapper")) {
      const value = group.attributes[mapper.config["user.attribute"]!]?.[0];
      if (value !== undefined) claims[mapper.config["claim.name"]!] = value;
    }
    return { aud: [...aud].sort(), claims };
  }

  it("is the realm `smart`, over TLS only, with no self-registration", () => {
    expect(realm.realm).to.equal("smart");
    expect(realm.enabled).to.equal(true);
    expect(realm.sslRequired).to.equal("all");
    expect(realm.registrationAllowed).to.equal(false);
  });

  it("is the realm the services are pointed at (infra/k8s/auth): AUTH_ISSUER is its URL, AUTH_JWKS_URI its certs", () => {
    const auth = parse(read("infra/k8s/auth/kustomization.yaml")) as {
      configMapGenerator: { name: string; literals: string[] }[];
    };
    const literals = Object.fromEntries(
      auth.configMapGenerator[0]!.literals.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    expect(new URL(literals.AUTH_ISSUER!).pathname).to.equal(`/realms/${realm.realm}`);
    expect(literals.AUTH_JWKS_URI).to.equal(`${literals.AUTH_ISSUER}/protocol/openid-connect/certs`);
  });

  it("signs access tokens with an asymmetric key (ES256 by default), generated by Keycloak", () => {
    expect(["ES256", "RS256", "EdDSA"]).to.include(realm.defaultSignatureAlgorithm);
    const providers = realm.components["org.keycloak.keys.KeyProvider"]!;
    if (realm.defaultSignatureAlgorithm === "ES256") {
      const ecdsa = providers.find((p) => p.providerId === "ecdsa-generated");
      expect(ecdsa?.config.ecdsaEllipticCurveKey).to.deep.equal(["P-256"]);
      expect(ecdsa?.config.active).to.deep.equal(["true"]);
    }
    // Generated at import: no key material in the file.
    for (const provider of providers) expect(provider.providerId, provider.name).to.match(/-generated$/);
  });

  it("has the IDE and the dashboard as public clients: Authorization Code with PKCE S256 only, back to the gateway's own host", () => {
    for (const clientId of FRONTENDS) {
      const frontend = client(clientId);
      expect(frontend, clientId).to.not.equal(undefined);
      expect(frontend).to.include({
        enabled: true,
        publicClient: true,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        fullScopeAllowed: false,
      });
      expect(frontend!.attributes?.["pkce.code.challenge.method"], clientId).to.equal("S256");
      expect(frontend!.redirectUris, clientId).to.have.length.greaterThan(0);
      for (const uri of frontend!.redirectUris!) {
        expect(uri, clientId).to.not.include("*");
        expect(new URL(uri).origin, clientId).to.equal(`https://${gatewayHost}`);
      }
      expect(frontend!.webOrigins, clientId).to.deep.equal([`https://${gatewayHost}`]);
      expect(frontend!.optionalClientScopes ?? [], `${clientId}: nothing a page may ask for on top`).to.deep.equal([]);
    }
    expect(client("smart-ide")!.redirectUris).to.deep.equal([`https://${gatewayHost}/graphql`]);
    expect(client("smart-dashboard")!.redirectUris).to.deep.equal([`https://${gatewayHost}/dashboard/`]);
  });

  it("gives members and the central office tokens for the gateway only, and a unit's staff for the gateway and their unit's own endpoint", () => {
    for (const clientId of FRONTENDS) {
      for (const code of FOUNDING_UNITS) {
        expect(accessToken(clientId, `/members/${code}`), `${clientId}: a ${code} member`).to.deep.equal({
          aud: ["urn:smart:graph"],
          claims: { role: "member", unit: code },
        });
        expect(accessToken(clientId, `/unit-staff/${code}`), `${clientId}: ${code}'s staff`).to.deep.equal({
          aud: ["urn:smart:graph", unitAudience(code)].sort(),
          claims: { role: "unit_staff", unit: code },
        });
      }
      expect(accessToken(clientId, "/central-office"), `${clientId}: the central office`).to.deep.equal({
        aud: ["urn:smart:graph"],
        claims: { role: "central_office" },
      });
    }
    // Central's audience is in no token.
    expect(text).to.not.include("urn:smart:central");
  });

  it("makes each unit's audience a role only that unit's staff group holds", () => {
    for (const code of FOUNDING_UNITS) {
      const audience = client(unitAudience(code));
      expect(audience, code).to.include({
        bearerOnly: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
      });
      expect(
        realm.roles.client[unitAudience(code)]?.map((r) => r.name),
        code,
      ).to.deep.equal(["staff"]);
      const holders = groups.filter((g) => g.clientRoles[unitAudience(code)]);
      expect(
        holders.map((g) => g.path),
        code,
      ).to.deep.equal([`/unit-staff/${code}`]);
      expect(holders[0]!.clientRoles, code).to.deep.equal({ [unitAudience(code)]: ["staff"] });
    }
    for (const group of realm.groups) expect(group.realmRoles ?? [], group.name).to.deep.equal([]);
  });

  it("takes role and unit from groups only: no account can set them on itself; the member ID is set by administrators", () => {
    const [profile] = realm.components["org.keycloak.userprofile.UserProfileProvider"]!;
    const config = JSON.parse(profile!.config["kc.user.profile.config"]![0]!) as {
      attributes: { name: string; permissions: { edit: string[] } }[];
      unmanagedAttributePolicy?: string;
    };
    // Unmanaged attributes off: an attribute outside the profile cannot be set by anyone, the account itself included.
    expect(config.unmanagedAttributePolicy).to.equal(undefined);
    const names = config.attributes.map((a) => a.name);
    expect(names).to.not.include("role");
    expect(names).to.not.include("unit");
    expect(config.attributes.find((a) => a.name === "member_id")?.permissions.edit).to.deep.equal(["admin"]);
    const claims = scope("smart-claims")!.protocolMappers!;
    const sub = claims.find((m) => m.config["claim.name"] === "sub");
    expect(sub?.config["user.attribute"]).to.equal("member_id");
    for (const claim of ["role", "unit"]) {
      const mapper = claims.find((m) => m.config["claim.name"] === claim);
      expect(mapper?.config, claim).to.include({
        "user.attribute": claim,
        "access.token.claim": "true",
        "jsonType.label": "String",
        multivalued: "false",
      });
    }
  });

  it("holds no secret, key or account", () => {
    expect(realm.users ?? []).to.deep.equal([]);
    expect(text).to.not.match(/-----BEGIN/);
    const walkKeys = (value: unknown, at: string): void => {
      if (Array.isArray(value)) value.forEach((item, i) => walkKeys(item, `${at}[${i}]`));
      else if (value && typeof value === "object") {
        for (const [key, inner] of Object.entries(value)) {
          expect(key, at).to.not.match(/^(secret|credentials|privateKey|certificate|password)$/i);
          walkKeys(inner, `${at}.${key}`);
        }
      }
    };
    walkKeys(realm, "realm");
  });
});
