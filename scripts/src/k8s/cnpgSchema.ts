import { z } from "zod";

/**
 * CloudNativePG's kinds as these manifests use them. No npm package ships the
 * operator's CRD schemas, so this is a strict subset written from its API reference
 * (postgresql.cnpg.io/v1): every field used here is typed, and a field it does not
 * know (a typo, a field of another version) fails. A real cluster's API server
 * checks the full schema.
 */
const secretKeySelector = z.object({ name: z.string().min(1), key: z.string().min(1) }).strict();
const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, "expected a Kubernetes quantity such as 512Mi");
const metadata = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    namespace: z.string().min(1),
    labels: z.record(z.string()).optional(),
    annotations: z.record(z.string()).optional(),
  })
  .strict();

export const cnpgCluster = z
  .object({
    apiVersion: z.literal("postgresql.cnpg.io/v1"),
    kind: z.literal("Cluster"),
    metadata,
    spec: z
      .object({
        instances: z.number().int().min(1),
        primaryUpdateStrategy: z.enum(["unsupervised", "supervised"]).optional(),
        minSyncReplicas: z.number().int().min(0).optional(),
        maxSyncReplicas: z.number().int().min(0).optional(),
        storage: z.object({ size: quantity, storageClass: z.string().optional() }).strict(),
        bootstrap: z.object({ initdb: z.object({ database: z.string().min(1), owner: z.string().min(1) }).strict() }).strict(),
        postgresql: z
          .object({ parameters: z.record(z.string()) })
          .strict()
          .optional(),
        resources: z
          .object({
            requests: z.object({ cpu: quantity.optional(), memory: quantity.optional() }).strict().optional(),
            limits: z.object({ cpu: quantity.optional(), memory: quantity.optional() }).strict().optional(),
          })
          .strict()
          .optional(),
        monitoring: z.object({ enablePodMonitor: z.boolean() }).strict().optional(),
        affinity: z
          .object({
            enablePodAntiAffinity: z.boolean().optional(),
            podAntiAffinityType: z.enum(["preferred", "required"]).optional(),
            topologyKey: z.string().optional(),
          })
          .strict()
          .optional(),
        backup: z
          .object({
            retentionPolicy: z.string().regex(/^[1-9][0-9]*[dwm]$/, "expected e.g. 30d"),
            barmanObjectStore: z
              .object({
                destinationPath: z.string().regex(/^s3:\/\/[^/]+\/.+/, "expected s3://bucket/prefix"),
                s3Credentials: z.object({ accessKeyId: secretKeySelector, secretAccessKey: secretKeySelector }).strict(),
                wal: z
                  .object({ compression: z.enum(["gzip", "bzip2", "snappy"]) })
                  .strict()
                  .optional(),
                data: z
                  .object({ compression: z.enum(["gzip", "bzip2", "snappy"]) })
                  .strict()
                  .optional(),
              })
              .strict(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((spec) => (spec.maxSyncReplicas ?? 0) < spec.instances, "maxSyncReplicas must be below instances"),
  })
  .strict();

export const cnpgScheduledBackup = z
  .object({
    apiVersion: z.literal("postgresql.cnpg.io/v1"),
    kind: z.literal("ScheduledBackup"),
    metadata,
    spec: z
      .object({
        // CNPG schedules have six fields: seconds first.
        schedule: z.string().regex(/^(\S+\s+){5}\S+$/, "expected a six-field cron schedule (seconds first)"),
        backupOwnerReference: z.enum(["none", "self", "cluster"]).optional(),
        cluster: z.object({ name: z.string().min(1) }).strict(),
      })
      .strict(),
  })
  .strict();

export type CnpgCluster = z.infer<typeof cnpgCluster>;
