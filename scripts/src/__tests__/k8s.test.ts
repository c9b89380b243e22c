import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parseAllDocuments } from "yaml";
import { Namespace, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { GATEWAY_HEAP_MB, GATEWAY_NODE_ARGS } from "@smart/gateway";
import { COUNTRY_CODES } from "@smart/platform";
import { cnpgCluster, cnpgScheduledBackup, type CnpgCluster } from "../k8s/cnpgSchema.js";
import { ingressAllowed, selects, type NetworkPolicyObject, type Pod } from "../k8s/networkPolicy.js";
import { unitKustomizations, unitNamespace } from "../k8s/units.js";
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

function render(overlay: string): K8sObject[] {
  const text = execFileSync("kubectl", ["kustomize", path.join(REPO_ROOT, "infra", "k8s", "overlays", overlay)], { encoding: "utf8" });
  return parseAllDocuments(text).map((document) => {
    expect(document.errors, overlay).to.deep.equal([]);
    return document.toJSON() as K8sObject;
  });
}

const UNIT_NAMESPACES = COUNTRY_CODES.map(unitNamespace);
const ALL_NAMESPACES = [...UNIT_NAMESPACES, "smart-central", "smart-gateway"];
const SECRET_NAMES = /(SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL)/;

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

      it("references every secret and values none", () => {
        expect(of("Secret"), "a Secret object would commit its value").to.deep.equal([]);
        const referenced = new Set<string>();
        for (const deployment of of("Deployment")) {
          const spec = deployment.spec.template.spec;
          for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
            for (const variable of container.env ?? []) {
              if (SECRET_NAMES.test(variable.name)) {
                expect(variable.value, `${deployment.metadata.namespace} ${variable.name} has a value`).to.equal(undefined);
                expect(variable.valueFrom?.secretKeyRef, `${deployment.metadata.namespace} ${variable.name}`).to.not.equal(undefined);
              }
              if (variable.valueFrom?.secretKeyRef) referenced.add(variable.valueFrom.secretKeyRef.name);
            }
          }
          const env = spec.containers[0].env.map((e: { name: string }) => e.name);
          expect(env, deployment.metadata.namespace).to.include("JWT_SECRET");
          expect(env, deployment.metadata.namespace).to.include("GATEWAY_SIGNING_SECRET");
        }
        expect([...referenced].sort()).to.deep.equal(["db-app", "smart-auth"]);
      });
    });
  }

  it("commits no secret value under infra/", () => {
    const files = execFileSync("git", ["ls-files", "infra"], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n");
    for (const file of files) {
      const text = readFileSync(path.join(REPO_ROOT, file), "utf8");
      expect(text, file).to.not.match(/^kind:\s*Secret\s*$/m);
      expect(text, file).to.not.match(/^\s*stringData:/m);
      expect(text, file).to.not.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      // A secret in compose is always `${NAME:?…}`: supplied by whoever runs it.
      for (const match of text.matchAll(/^\s*(\w*(?:SECRET|PASSWORD)\w*):\s*(.+)$/gm)) {
        expect(match[2], `${file}: ${match[1]}`).to.match(/^\$\{\w+:\?/);
      }
    }
  });
});
