// The entry point's first import: tracing must patch http, pg and graphql before they load.
import { startTracing } from "@smart/platform/tracing";

startTracing({ serviceName: "smart-national", attributes: process.env.UNIT ? { "smart.unit": process.env.UNIT } : {} });
