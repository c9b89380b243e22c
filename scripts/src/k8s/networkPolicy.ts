/**
 * Who may open a connection to whom under a set of NetworkPolicies (ingress only),
 * with the semantics of the Kubernetes API: a pod no policy selects accepts
 * everything; a selected pod accepts what any of its policies' rules lets in.
 * Ports are ignored, so "allowed" means "allowed on some port": stricter for
 * checking that something is unreachable.
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}

export interface NetworkPolicyObject {
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: unknown }[] }[];
  };
}

export interface Pod {
  namespace: string;
  labels: Record<string, string>;
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  if (selector.matchExpressions?.length) throw new Error("matchExpressions: not understood by this checker; use matchLabels");
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

/** The labels Kubernetes puts on every namespace. */
const namespaceLabels = (namespace: string) => ({ "kubernetes.io/metadata.name": namespace });

export function ingressAllowed(policies: readonly NetworkPolicyObject[], from: Pod, to: Pod): boolean {
  const applying = policies.filter(
    (p) => p.metadata.namespace === to.namespace && (p.spec.policyTypes ?? ["Ingress"]).includes("Ingress") && selects(p.spec.podSelector, to.labels),
  );
  if (!applying.length) return true;
  return applying.some((policy) =>
    (policy.spec.ingress ?? []).some((rule) => {
      if (!rule.from?.length) return true;
      return rule.from.some((peer) => {
        if (peer.ipBlock) return true; // an address range may hold any pod: count it as open
        if (peer.namespaceSelector) {
          return selects(peer.namespaceSelector, namespaceLabels(from.namespace)) && (!peer.podSelector || selects(peer.podSelector, from.labels));
        }
        return from.namespace === to.namespace && selects(peer.podSelector ?? {}, from.labels);
      });
    }),
  );
}
