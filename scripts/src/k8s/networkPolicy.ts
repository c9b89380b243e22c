/**
 * Who may open a connection to whom under a set of NetworkPolicies, with the semantics of
 * the Kubernetes API: a pod no policy of a direction selects is open in that direction; a
 * selected pod allows what any rule of its policies of that direction lets through. A
 * connection needs both: the source's egress and the destination's ingress.
 *
 * Ingress ignores ports ("allowed" means "allowed on some port": stricter for checking that
 * something is unreachable). Egress checks the port when one is asked about (a named port
 * matches the destination's port of that name), and knows addresses: an `ipBlock` is
 * matched against a destination given as an address, and against every pod when the range
 * overlaps the pod network (POD_NETWORK, an assumption: a range that holds a pod's address
 * lets that pod be reached), whatever its `except`s.
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  port?: number | string;
  protocol?: string;
  endPort?: number;
}

export interface NetworkPolicyObject {
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: Peer[]; ports?: PolicyPort[] }[];
    egress?: { to?: Peer[]; ports?: PolicyPort[] }[];
  };
}

export interface Pod {
  namespace: string;
  labels: Record<string, string>;
  /** The namespace's own labels beyond kubernetes.io/metadata.name (e.g. smart.coop/tier). */
  namespaceLabels?: Record<string, string>;
  /** Named container ports, for rules that name them (`http` → 4000). */
  ports?: Record<string, number>;
}

/** A destination outside the cluster's pods: an address. */
export interface Address {
  ip: string;
}

/** The port a connection is opened to. */
export interface Port {
  port: number;
  protocol?: "TCP" | "UDP";
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  if (selector.matchExpressions?.length)
    throw new Error("matchExpressions: not understood by this checker; use matchLabels");
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

/** The labels Kubernetes puts on every namespace, with those the manifests give it. */
const namespaceLabelsOf = (pod: Pod) => ({ ...pod.namespaceLabels, "kubernetes.io/metadata.name": pod.namespace });

const isAddress = (peer: Pod | Address): peer is Address => "ip" in peer;

/** Where the checker assumes pods have their addresses (a usual default; pods never in 0.0.0.0/0 would be stricter than any cluster). */
export const POD_NETWORK = "10.0.0.0/8";

/** Whether `peer` (a pod selector, a namespace selector, an address range) covers `target`, as seen from the policy's namespace. */
function peerMatches(peer: Peer, target: Pod | Address, policyNamespace: string): boolean {
  if (peer.ipBlock)
    return isAddress(target) ? inBlock(target.ip, peer.ipBlock) : overlaps(peer.ipBlock.cidr, POD_NETWORK);
  if (isAddress(target)) return false;
  if (peer.namespaceSelector)
    return (
      selects(peer.namespaceSelector, namespaceLabelsOf(target)) &&
      (!peer.podSelector || selects(peer.podSelector, target.labels))
    );
  return target.namespace === policyNamespace && selects(peer.podSelector ?? {}, target.labels);
}

function portMatches(ports: PolicyPort[] | undefined, port: Port | undefined, target: Pod | Address): boolean {
  if (!ports?.length || !port) return true;
  return ports.some((rule) => {
    if ((rule.protocol ?? "TCP") !== (port.protocol ?? "TCP")) return false;
    if (rule.port === undefined) return true;
    const number =
      typeof rule.port === "number" ? rule.port : isAddress(target) ? undefined : target.ports?.[rule.port];
    if (number === undefined) return false;
    return rule.endPort ? port.port >= number && port.port <= rule.endPort : port.port === number;
  });
}

function applying(
  policies: readonly NetworkPolicyObject[],
  pod: Pod,
  type: "Ingress" | "Egress",
): NetworkPolicyObject[] {
  return policies.filter(
    (p) =>
      p.metadata.namespace === pod.namespace &&
      (p.spec.policyTypes ?? ["Ingress", ...(p.spec.egress ? ["Egress"] : [])]).includes(type) &&
      selects(p.spec.podSelector, pod.labels),
  );
}

export function ingressAllowed(policies: readonly NetworkPolicyObject[], from: Pod, to: Pod): boolean {
  const selected = applying(policies, to, "Ingress");
  if (!selected.length) return true;
  return selected.some((policy) =>
    (policy.spec.ingress ?? []).some(
      (rule) => !rule.from?.length || rule.from.some((peer) => peerMatches(peer, from, to.namespace)),
    ),
  );
}

export function egressAllowed(
  policies: readonly NetworkPolicyObject[],
  from: Pod,
  to: Pod | Address,
  port?: Port,
): boolean {
  const selected = applying(policies, from, "Egress");
  if (!selected.length) return true;
  return selected.some((policy) =>
    (policy.spec.egress ?? []).some(
      (rule) =>
        (!rule.to?.length || rule.to.some((peer) => peerMatches(peer, to, from.namespace))) &&
        portMatches(rule.ports, port, to),
    ),
  );
}

/** Both ends agree: the source may send and the destination may receive. */
export function connectionAllowed(
  policies: readonly NetworkPolicyObject[],
  from: Pod,
  to: Pod | Address,
  port?: Port,
): boolean {
  return egressAllowed(policies, from, to, port) && (isAddress(to) || ingressAllowed(policies, from, to));
}

function inBlock(ip: string, block: { cidr: string; except?: string[] }): boolean {
  return inCidr(ip, block.cidr) && !(block.except ?? []).some((cidr) => inCidr(ip, cidr));
}

function overlaps(a: string, b: string): boolean {
  return inCidr(a.split("/")[0]!, b) || inCidr(b.split("/")[0]!, a);
}

/** IPv4 only (these manifests name IPv4 ranges). */
function inCidr(ip: string, cidr: string): boolean {
  const [range, bits] = cidr.split("/");
  const toNumber = (address: string) => address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(range!) / size);
}
