import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity when the model has no expiry. */
  expiresAt: number;
}

/** What revoking a grant destroys (as oidc-provider's own memory adapter): its tokens and codes, not its interactions or sessions. */
const GRANTABLE = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "PreAuthorizedCode",
]);

/** Above this many entries, an upsert first sweeps out the expired ones. */
const SWEEP_ABOVE = 5_000;

/**
 * oidc-provider's storage (sessions, interactions, grants, authorization codes) in this
 * process's memory: the development provider keeps nothing across a restart, and JWT
 * access tokens are never stored at all. One store per provider.
 */
export function memoryAdapterFactory(): AdapterFactory {
  const entries = new Map<string, Entry>();
  const sessionByUid = new Map<string, string>();
  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const [uid, id] of sessionByUid) if (!entries.has(`Session:${id}`)) sessionByUid.delete(uid);
  };

  return (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        if (entries.size > SWEEP_ABOVE) sweep();
        entries.set(key(id), {
          payload,
          expiresAt: typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : Infinity,
        });
        if (model === "Session" && payload.uid) sessionByUid.set(payload.uid, id);
      },
      async find(id) {
        return live(key(id));
      },
      async findByUid(uid) {
        const id = sessionByUid.get(uid);
        return id === undefined ? undefined : live(key(id));
      },
      async findByUserCode(userCode) {
        for (const [entryKey, entry] of entries)
          if (entryKey.startsWith(`${model}:`) && entry.payload.userCode === userCode) return live(entryKey);
        return undefined;
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [entryKey, entry] of entries)
          if (entry.payload.grantId === grantId && GRANTABLE.has(entryKey.slice(0, entryKey.indexOf(":"))))
            entries.delete(entryKey);
      },
    };
  };
}
