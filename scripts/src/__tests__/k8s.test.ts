import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parseAllDocuments } from "yaml";
import { ConfigMap, Namespace, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { GATEWAY_HEAP_MB, GATEWAY_NODE_ARGS } from "@smart/gateway";
import { COUNTRY_CODES } from "@smart/platform";
import { cnpgCluster, cnpgScheduledBackup, type CnpgCluster } from "../k8s/cnpgSchema.js";
import { ingressAllowed, selects, type NetworkPolicyObject, type Pod } from "../k8s/networkPolicy.js";
import { unitAudience, unitKustomizations, unitNamespace } from "../k8s/units.js";
import { REPO_ROOT } from "../stack/paths.js";

// No cluster here: every overlay is rendered with `kubectl kustomize` (offline), each
// object validated against its kind's schema, and the deployment's promises checked.
const OVERLAYS = ["dev", "production"] as const;
const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  [key: string]: any;
};

/** Each kind these manifests may hold, with its validator (kubernetes-models throws on a schema violation). */
const VALIDATORS: Record<string, (object: K8sObject) => void> = {
  "v1/Namespace": (o) => new Namespace(o).validate(),
  "v1/ConfigMap": (o) => new ConfigMap(o).validate(),
  "v1/Service": (o) => new Service(o).validate(),
  "apps/v1/Deployment": (o) => new Deployment(o).validate(),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o).validate(),
  "autoscaling/v2/HorizontalPodAutoscaler": (o) => new HorizontalPodAutoscaler(o as never).validate(),
  "networking.k8s.io/v1/Ingress": (o) => new Ingress(o).validate(),
  "networking.k8s.io/v1/NetworkPolicy": (o) => new NetworkPolicy(o).validate(),
  "monitoring.coreos.com/v1/ServiceMonitor": (o) => new ServiceMonitor(o as never).validate(),
  "postgresql.cnpg.io/v1/Cluster": (o) => void cnpgCluster.parse(o),
  "postgresql.cnpg.io/v1/ScheduledBackup": (o) => void cnpgScheduledBackup.parse(o),
};

const rendered = new Map<string, K8sObject[]>();
function render(overlay: string): K8sObject[] {
  const known = rendered.get(overlay);
  if (known) return known;
  const text = execFileSync("kubectl", ["kustomize", path.join(REPO_ROOT, "infra", "k8s", "overlays", overlay)], { encoding: "utf8" });
  const objects = parseAllDocuments(text).map((document) => {
    expect(document.errors, overlay).to.deep.equal([]);
    return document.toJSON() as K8sObject;
  });
  rendered.set(overlay, objects);
  return objects;
}

const UNIT_NAMESPACES = COUNTRY_CODES.map(unitNamespace);
const ALL_NAMESPACES = [...UNIT_NAMESPACES, "smart-central", "smart-gateway"];
const SECRET_NAMES = /(SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL)/;
/** Public keys: named like a secret, read from a ConfigMap (nothing in them is secret). */
const PUBLIC_KEYS = ["GATEWAY_PUBLIC_KEYS"];
/** The variables of the shared secrets this deployment no longer has (issue 21): none may come back. */
const GONE = ["JWT_SECRET", "GATEWAY_SIGNING_SECRET", "GATEWAY_SIGNING_SECRET_ACCEPTED"];
/** Keys that only the gateway may hold: with one, anyone poses as the gateway to every unit, or opens every unit's cursors. */
const GATEWAY_ONLY = /^(GATEWAY_SIGNING_KEY|CURSOR_MASTER_KEY)/;

/** What each kind of namespace reads from Secrets, as `<Secret>/<key>`; db-app is CloudNativePG's, the rest the operator creates (docs/security.md). */
const SECRETS_READ = {
  gateway: [
    "cursor-master-key/CURSOR_MASTER_KEY",
    "cursor-master-key/CURSOR_MASTER_KEY_ACCEPTED",
    "gateway-signing-key/GATEWAY_SIGNING_KEY",
    "gateway-signing-key/GATEWAY_SIGNING_KEY_ID",
  ],
  unit: ["cursor-key/CURSOR_KEY", "cursor-key/CURSOR_KEY_ACCEPTED", "db-app/uri"],
  central: ["db-app/uri"],
};
const kindOf = (namespace: string) => (namespace === "smart-gateway" ? "gateway" : namespace === "smart-central" ? "central" : "unit");

type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
};
/** Every variable of every container of a Deployment's pods, init containers included. */
const envOf = (deployment: K8sObject): EnvVar[] => {
  const spec = deployment.spec.template.spec;
  return [...(spec.initContainers ?? []), ...spec.containers].flatMap((container: { env?: EnvVar[] }) => container.env ?? []);
};

describe("infra > Kubernetes (infra/k8s)", function () {
  before(function () {
    if (!kubectl) {
      console.warn("    kubectl is not installed: the Kubernetes manifests are NOT checked (install kubectl to render them).");
      this.skip();
    }
  });

  it("has each unit's Kustomization as scripts/src/k8s/units.ts writes it (npm run k8s:units)", () => {
    for (const [file, content] of unitKustomizations()) expect(readFileSync(file, "utf8"), path.relative(REPO_ROOT, file)).to.equal(content);
  });

  for (const overlay of OVERLAYS) {
    describe(`overlay ${overlay}`, () => {
      let objects: K8sObject[];
      const of = (kind: string) => objects.filter((o) => o.kind === kind);
      const inNamespace = (kind: string, namespace: string) => of(kind).filter((o) => o.metadata.namespace === namespace);
      const deploymentIn = (namespace: string) => {
        const found = inNamespace("Deployment", namespace);
        expect(found, namespace).to.have.length(1);
        return found[0]!;
      };
      const podOf = (deployment: K8sObject): Pod => ({ namespace: deployment.metadata.namespace!, labels: deployment.spec.template.metadata.labels });
      const dbPod = (namespace: string, cluster = "db"): Pod => ({ namespace, labels: { "cnpg.io/cluster": cluster, "cnpg.io/podRole": "instance" } });

      before(() => {
        objects = render(overlay);
      });

      it("renders only known kinds, each valid against its schema", () => {
        expect(objects.length).to.be.greaterThan(90);
        for (const object of objects) {
          const key = `${object.apiVersion}/${object.kind}`;
          const validate = VALIDATORS[key];
          expect(validate, `${key} ${object.metadata.name}: no schema known for this kind`).to.be.a("function");
          try {
            validate!(object);
          } catch (error) {
            throw new Error(`${key} ${object.metadata.namespace}/${object.metadata.name}: ${(error as Error).message}`);
          }
        }
      });

      it("has a namespace per unit plus smart-central and smart-gateway, and nothing outside them", () => {
        expect(
          of("Namespace")
            .map((n) => n.metadata.name)
            .sort(),
        ).to.deep.equal([...ALL_NAMESPACES].sort());
        for (const object of objects)
          if (object.kind !== "Namespace") expect(ALL_NAMESPACES, `${object.kind} ${object.metadata.name}`).to.include(object.metadata.namespace);
      });

      it("gives every unit (and central) its own CloudNativePG Cluster, wired into DATABASE_URL", () => {
        const clusters = of("Cluster") as unknown as CnpgCluster[];
        expect(
          clusters
            .filter((c) => UNIT_NAMESPACES.includes(c.metadata.namespace))
            .map((c) => c.metadata.namespace)
            .sort(),
        ).to.deep.equal([...UNIT_NAMESPACES].sort());
        expect(inNamespace("Cluster", "smart-central")).to.have.length(1);
        expect(inNamespace("Cluster", "smart-gateway")).to.have.length(0);
        for (const cluster of clusters) {
          expect(cluster.spec.instances, cluster.metadata.namespace).to.equal(overlay === "production" ? 3 : 1);
          const container = deploymentIn(cluster.metadata.namespace).spec.template.spec.containers[0];
          const databaseUrl = container.env.find((e: { name: string }) => e.name === "DATABASE_URL");
          // CNPG writes <cluster>-app with a `uri` key in the cluster's namespace.
          expect(databaseUrl.valueFrom.secretKeyRef, cluster.metadata.namespace).to.deep.equal({ name: `${cluster.metadata.name}-app`, key: "uri" });
        }
        if (overlay === "production") {
          const destinations = clusters.map((c) => c.spec.backup?.barmanObjectStore.destinationPath);
          expect(new Set(destinations).size, "one backup prefix per database").to.equal(clusters.length);
          for (const cluster of clusters) {
            expect(cluster.spec.backup, cluster.metadata.namespace).to.not.equal(undefined);
            const scheduled = inNamespace("ScheduledBackup", cluster.metadata.namespace);
            expect(
              scheduled.map((s) => s.spec.cluster.name),
              cluster.metadata.namespace,
            ).to.deep.equal([cluster.metadata.name]);
          }
        }
      });

      it("runs each unit as its own unit, two replicas, with probes, limits, a drain before stop and migrations before traffic", () => {
        for (const code of COUNTRY_CODES) {
          const deployment = deploymentIn(unitNamespace(code));
          const spec = deployment.spec.template.spec;
          const container = spec.containers[0];
          expect(container.env[0], code).to.deep.equal({ name: "UNIT", value: code });
          expect(container.env[1], code).to.deep.equal({ name: "AUTH_AUDIENCE", value: unitAudience(code) });
          expect(deployment.spec.replicas, code).to.equal(2);
          expect(spec.initContainers.map((c: { command: string[] }) => c.command.join(" "))).to.deep.equal(["node services/national/dist/cli/migrate.js"]);
        }
        for (const namespace of ALL_NAMESPACES) {
          const deployment = deploymentIn(namespace);
          const container = deployment.spec.template.spec.containers[0];
          expect(container.livenessProbe?.httpGet?.path, namespace).to.equal("/health");
          expect(container.readinessProbe?.httpGet?.path, namespace).to.equal("/ready");
          expect(container.resources?.requests?.cpu && container.resources?.requests?.memory, namespace).to.be.a("string");
          expect(container.resources?.limits?.memory, namespace).to.be.a("string");
          expect(container.lifecycle?.preStop, namespace).to.not.equal(undefined);
          expect(deployment.spec.strategy.rollingUpdate, namespace).to.deep.equal({ maxSurge: 1, maxUnavailable: 0 });
          expect(container.image, namespace).to.match(/^registry\.smart\.example\/smart-europe-graph:/);
          // A Service, a PodDisruptionBudget and a ServiceMonitor that find these pods.
          const labels = deployment.spec.template.metadata.labels;
          for (const kind of ["Service", "PodDisruptionBudget", "ServiceMonitor"]) {
            const found = inNamespace(kind, namespace).filter((o) =>
              selects(o.spec.selector.matchLabels ? o.spec.selector : { matchLabels: o.spec.selector }, labels),
            );
            expect(found, `${kind} in ${namespace}`).to.have.length(1);
          }
          const service = inNamespace("Service", namespace)[0]!;
          const monitor = inNamespace("ServiceMonitor", namespace)[0]!;
          expect(monitor.spec.endpoints[0]).to.include({ path: "/metrics", port: service.spec.ports[0].name });
        }
      });

      it("points the gateway at every unit's Service and at central, budgets its heap, scales it, and serves it over TLS", () => {
        const gateway = deploymentIn("smart-gateway");
        const env = Object.fromEntries(
          gateway.spec.template.spec.containers[0].env
            .filter((e: { value?: string }) => e.value)
            .map((e: { name: string; value: string }) => [e.name, e.value]),
        );
        const serviceUrl = (namespace: string) => {
          const service = inNamespace("Service", namespace)[0]!;
          return `http://${service.metadata.name}.${namespace}.svc.cluster.local${service.spec.ports[0].port === 80 ? "" : `:${service.spec.ports[0].port}`}/graphql`;
        };
        for (const code of COUNTRY_CODES) expect(env[`UNIT_URL_${code}`], code).to.equal(serviceUrl(unitNamespace(code)));
        expect(env.CENTRAL_URL).to.equal(serviceUrl("smart-central"));
        // One unit down must cost its part of the answers, not take the gateway out of its Service.
        expect(env.READY_REQUIRES).to.equal("none");
        // Its heap budget, well inside the container's memory limit.
        const container = gateway.spec.template.spec.containers[0];
        expect(container.command).to.deep.equal(["node", ...GATEWAY_NODE_ARGS, "gateway/dist/index.js"]);
        expect(parseInt(container.resources.limits.memory, 10)).to.be.greaterThan(2 * GATEWAY_HEAP_MB);
        const [hpa] = inNamespace("HorizontalPodAutoscaler", "smart-gateway");
        expect(hpa?.spec.scaleTargetRef).to.deep.equal({ apiVersion: "apps/v1", kind: "Deployment", name: gateway.metadata.name });
        expect(hpa!.spec.minReplicas).to.be.at.least(2);
        const [ingress] = inNamespace("Ingress", "smart-gateway");
        expect(ingress!.spec.tls[0].hosts).to.deep.equal([ingress!.spec.rules[0].host]);
        expect(ingress!.spec.rules[0].http.paths[0].backend.service.name).to.equal(inNamespace("Service", "smart-gateway")[0]!.metadata.name);
      });

      it("lets no unit be reached from another unit's namespace, while the gateway reaches every unit and each unit its own database", () => {
        const policies = of("NetworkPolicy") as unknown as NetworkPolicyObject[];
        const gateway = podOf(deploymentIn("smart-gateway"));
        for (const code of COUNTRY_CODES) {
          const namespace = unitNamespace(code);
          const unit = podOf(deploymentIn(namespace));
          expect(ingressAllowed(policies, gateway, unit), `gateway → ${code}`).to.equal(true);
          expect(ingressAllowed(policies, unit, dbPod(namespace)), `${code} → its database`).to.equal(true);
          expect(ingressAllowed(policies, gateway, dbPod(namespace)), `gateway → ${code}'s database`).to.equal(false);
          // Any pod at all of another unit's namespace: its server, its database, or anything else run there.
          for (const other of COUNTRY_CODES.filter((c) => c !== code)) {
            const otherNamespace = unitNamespace(other);
            for (const from of [podOf(deploymentIn(otherNamespace)), dbPod(otherNamespace), { namespace: otherNamespace, labels: {} }]) {
              for (const to of [unit, dbPod(namespace), { namespace, labels: {} }]) {
                expect(ingressAllowed(policies, from, to), `${other} (${JSON.stringify(from.labels)}) → ${code} (${JSON.stringify(to.labels)})`).to.equal(
                  false,
                );
              }
            }
          }
        }
        const central = podOf(deploymentIn("smart-central"));
        expect(ingressAllowed(policies, gateway, central)).to.equal(true);
        expect(ingressAllowed(policies, central, dbPod("smart-central"))).to.equal(true);
        for (const code of COUNTRY_CODES)
          expect(ingressAllowed(policies, podOf(deploymentIn(unitNamespace(code))), central), `${code} → central`).to.equal(false);
      });

      it("reads each key from a Secret (public keys from a ConfigMap), values none, and mounts no Secret whole", () => {
        expect(of("Secret"), "a Secret object would commit its value").to.deep.equal([]);
        for (const deployment of of("Deployment")) {
          const namespace = deployment.metadata.namespace!;
          const spec = deployment.spec.template.spec;
          for (const variable of envOf(deployment)) {
            expect(GONE, `${namespace} ${variable.name}`).to.not.include(variable.name);
            if (!SECRET_NAMES.test(variable.name)) continue;
            expect(variable.value, `${namespace} ${variable.name} has a value`).to.equal(undefined);
            if (PUBLIC_KEYS.includes(variable.name)) expect(variable.valueFrom?.configMapKeyRef, `${namespace} ${variable.name}`).to.not.equal(undefined);
            else expect(variable.valueFrom?.secretKeyRef, `${namespace} ${variable.name}`).to.not.equal(undefined);
          }
          // envFrom or a volume would hand a pod every key of a Secret, unseen by the checks below.
          for (const container of [...(spec.initContainers ?? []), ...spec.containers]) expect(container.envFrom, namespace).to.equal(undefined);
          for (const volume of spec.volumes ?? []) expect(volume.secret ?? volume.projected, `${namespace} volume ${volume.name}`).to.equal(undefined);
        }
        const text = JSON.stringify(objects);
        for (const name of [...GONE, "smart-auth"]) expect(text, name).to.not.include(name);
      });

      it("keeps each key with its owner: the gateway's private keys in its namespace alone; a unit's namespace its own database, its own cursor key and the gateway's public keys", () => {
        const secretsOf = new Map<string, Set<string>>();
        for (const namespace of ALL_NAMESPACES) {
          const deployment = deploymentIn(namespace);
          const read = envOf(deployment)
            .filter((v) => v.valueFrom?.secretKeyRef)
            .map((v) => `${v.valueFrom!.secretKeyRef!.name}/${v.valueFrom!.secretKeyRef!.key}`);
          expect([...new Set(read)].sort(), `the Secrets ${namespace} reads`).to.deep.equal(SECRETS_READ[kindOf(namespace)]);
          secretsOf.set(namespace, new Set(read.map((ref) => ref.split("/")[0]!)));
          const env = envOf(deployment);
          const named = (name: string) => env.find((v) => v.name === name);
          if (namespace === "smart-gateway") {
            for (const name of ["GATEWAY_SIGNING_KEY", "GATEWAY_SIGNING_KEY_ID", "CURSOR_MASTER_KEY"])
              expect(named(name)?.valueFrom?.secretKeyRef?.optional, `${name}: required`).to.not.equal(true);
            expect(named("CURSOR_MASTER_KEY_ACCEPTED")?.valueFrom?.secretKeyRef?.optional, "only during a rotation").to.equal(true);
            expect(named("GATEWAY_PUBLIC_KEYS"), "the gateway signs, it verifies no signature").to.equal(undefined);
            continue;
          }
          // A unit and central: no key of the gateway's, none of another unit's, the gateway's public keys.
          for (const variable of env) expect(variable.name, namespace).to.not.match(GATEWAY_ONLY);
          const code = namespace === "smart-central" ? undefined : COUNTRY_CODES.find((c) => unitNamespace(c) === namespace)!;
          const others = COUNTRY_CODES.filter((c) => c !== code);
          for (const variable of env) expect(variable.name, `${namespace}: another unit's variable`).to.not.match(new RegExp(`_(${others.join("|")})$`));
          expect(named("GATEWAY_PUBLIC_KEYS")?.valueFrom?.configMapKeyRef, namespace).to.deep.equal({
            name: "gateway-public-keys",
            key: "GATEWAY_PUBLIC_KEYS",
          });
          if (code) {
            expect(named("CURSOR_KEY")?.valueFrom?.secretKeyRef, code).to.deep.equal({ name: "cursor-key", key: "CURSOR_KEY" });
            expect(named("CURSOR_KEY_ACCEPTED")?.valueFrom?.secretKeyRef?.optional, `${code}: only during a rotation`).to.equal(true);
          } else {
            expect(
              env.filter((v) => /^CURSOR_/.test(v.name)),
              "central seals no cursor",
            ).to.deep.equal([]);
          }
        }
        // The gateway's Secrets by name: read from no other namespace, whatever they are called.
        for (const secret of secretsOf.get("smart-gateway")!) {
          for (const namespace of ALL_NAMESPACES.filter((n) => n !== "smart-gateway"))
            expect([...secretsOf.get(namespace)!], `${namespace} reads the gateway's Secret ${secret}`).to.not.include(secret);
        }
      });

      it("gives every service the OpenID Connect provider's issuer and keys, and its own audience", () => {
        const valueOf = (deployment: K8sObject, name: string): string => {
          const variable = envOf(deployment).find((v) => v.name === name);
          expect(variable, `${deployment.metadata.namespace} ${name}`).to.not.equal(undefined);
          if (variable!.value !== undefined) return variable!.value;
          const ref = variable!.valueFrom?.configMapKeyRef;
          expect(ref, `${deployment.metadata.namespace} ${name}: a value or a rendered ConfigMap's`).to.not.equal(undefined);
          expect(ref!.optional, `${deployment.metadata.namespace} ${name}`).to.not.equal(true);
          const [configMap] = inNamespace("ConfigMap", deployment.metadata.namespace!).filter((c) => c.metadata.name === ref!.name);
          expect(configMap?.data?.[ref!.key], `${deployment.metadata.namespace} ${name}: ConfigMap ${ref!.name} key ${ref!.key}`).to.be.a("string");
          return configMap!.data[ref!.key];
        };
        const issuers = new Set<string>();
        const audiences = new Map<string, string>();
        for (const namespace of ALL_NAMESPACES) {
          const deployment = deploymentIn(namespace);
          const issuer = valueOf(deployment, "AUTH_ISSUER");
          const jwks = valueOf(deployment, "AUTH_JWKS_URI");
          issuers.add(issuer);
          expect(new URL(issuer).protocol, namespace).to.equal("https:");
          expect(jwks, `${namespace}: the issuer's keys (a Keycloak realm's certs)`).to.equal(`${issuer}/protocol/openid-connect/certs`);
          audiences.set(namespace, valueOf(deployment, "AUTH_AUDIENCE"));
        }
        expect(issuers.size, "one issuer for the eleven services").to.equal(1);
        expect(audiences.get("smart-gateway")).to.equal("urn:smart:graph");
        for (const code of COUNTRY_CODES) expect(audiences.get(unitNamespace(code)), code).to.equal(unitAudience(code));
        // Central takes no person's token: an audience no token names (docs/keycloak.md).
        expect(audiences.get("smart-central")).to.equal("urn:smart:central");
        expect(new Set(audiences.values()).size, "an audience per service").to.equal(ALL_NAMESPACES.length);
      });

      it("names in docs/security.md each Secret and ConfigMap the operator creates, in the namespaces that read it", () => {
        const commands = readFileSync(path.join(REPO_ROOT, "docs", "security.md"), "utf8")
          .replace(/\\\n\s*/g, " ")
          .split("\n")
          .filter((line) => /kubectl .*create (secret generic|configmap) /.test(line));
        const created = (kind: "secret generic" | "configmap", name: string) => commands.filter((c) => c.includes(`create ${kind} ${name} `));
        const unrendered = new Map<string, { kind: "secret generic" | "configmap"; keys: Set<string>; namespaces: Set<string> }>();
        for (const namespace of ALL_NAMESPACES) {
          for (const variable of envOf(deploymentIn(namespace))) {
            const secret = variable.valueFrom?.secretKeyRef;
            const configMap = variable.valueFrom?.configMapKeyRef;
            const ref = secret ?? configMap;
            // db-app is CloudNativePG's; a rendered ConfigMap is committed.
            if (!ref || (secret && ref.name === "db-app")) continue;
            if (configMap && inNamespace("ConfigMap", namespace).some((c) => c.metadata.name === ref.name)) continue;
            const entry = unrendered.get(ref.name) ?? { kind: secret ? "secret generic" : "configmap", keys: new Set(), namespaces: new Set() };
            if (!ref.optional) entry.keys.add(ref.key);
            entry.namespaces.add(namespace);
            unrendered.set(ref.name, entry);
          }
        }
        expect([...unrendered.keys()].sort()).to.deep.equal(["cursor-key", "cursor-master-key", "gateway-public-keys", "gateway-signing-key"]);
        for (const [name, { kind, keys, namespaces }] of unrendered) {
          const found = created(kind, name);
          expect(found, `docs/security.md: kubectl … create ${kind} ${name}`).to.not.deep.equal([]);
          for (const command of found) {
            for (const key of keys) expect(command, `${name}: ${key}`).to.match(new RegExp(`--from-(literal|file)=${key}=`));
            // Created where it is read: the gateway's in smart-gateway only, the rest never there.
            if (namespaces.has("smart-gateway")) expect(command, name).to.match(/-n smart-gateway\b/);
            else expect(command, name).to.not.include("smart-gateway");
          }
        }
      });
    });
  }

  it("trusts another realm in the development cluster than in production", () => {
    const issuerOf = (overlay: string) =>
      render(overlay).find((o) => o.kind === "ConfigMap" && o.metadata.namespace === "smart-gateway" && o.metadata.name.startsWith("auth-"))?.data.AUTH_ISSUER;
    expect(issuerOf("dev")).to.be.a("string");
    expect(issuerOf("dev")).to.not.equal(issuerOf("production"));
  });

  it("commits no secret value under infra/", () => {
    const files = execFileSync("git", ["ls-files", "infra"], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n");
    for (const file of files) {
      const text = readFileSync(path.join(REPO_ROOT, file), "utf8");
      expect(text, file).to.not.match(/^kind:\s*Secret\s*$/m);
      expect(text, file).to.not.match(/^\s*stringData:/m);
      expect(text, file).to.not.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      // A secret or a key in compose is always `${NAME:?…}`: supplied by whoever runs it.
      for (const match of text.matchAll(/^\s*(\w*(?:SECRET|PASSWORD|KEY)\w*):\s*(.+)$/gm)) {
        expect(match[2], `${file}: ${match[1]}`).to.match(/^\$\{\w+:\?/);
      }
    }
  });
});
