// The entry point's first import: tracing must patch http, undici and graphql before they load.
import { startTracing } from "@smart/platform/tracing";

startTracing({ serviceName: "smart-gateway" });
