/** Import rules, checked by `npm run lint` (dependency-cruiser). */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "An import circle (type-only imports included) makes modules impossible to read, test or move one at a time.",
      from: {},
      to: { circular: true },
    },
    {
      name: "platform-stays-below",
      severity: "error",
      comment: "services/platform is shared by every process: it imports no service, no gateway and no script.",
      from: { path: "^services/platform/src" },
      to: { path: "^(services/(national|central|identity)|gateway|scripts)/" },
    },
    {
      name: "identity-provider-is-for-development",
      severity: "error",
      comment:
        "services/identity is the development identity provider: the services verify tokens against an issuer's JWKS and never load it (their tests and the scripts may).",
      from: { path: "^(services/(national|central|platform)|gateway)/src", pathNot: "/__tests__/" },
      to: { path: "^(services/identity/|@smart/identity)" },
    },
    {
      name: "units-call-no-one",
      severity: "error",
      comment: "A unit knows its own data only and makes no outbound calls: cross-unit answers belong to the gateway.",
      from: { path: "^services/national/src" },
      to: { path: "^(gateway|services/central)/" },
    },
    {
      name: "national-data-layer-knows-no-graphql",
      severity: "error",
      comment:
        "A unit's data functions take explicit inputs (UnitData parts, the Viewer, plain TS types): they import neither the generated resolver types nor the request context, which the resolvers adapt to them.",
      from: {
        path: "^services/national/src/((access|bookings|cities|entity|members|pagination|seed|workspaces)/|(loaders|unitData|unitScope)[.]ts$)",
        pathNot: "/__tests__/",
      },
      to: { path: "^services/national/src/(__generated__/|context[.]ts$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
  },
};
