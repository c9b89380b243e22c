/** The dashboard's only way to its data: POST /graphql of the gateway that served it, with the signed-in person's token. */
import { connectPage } from "./pageConnection.js";

export type { GraphqlAnswer, GraphqlError } from "./pageConnection.js";

export const { pageSignIn, graphql } = connectPage("dashboard");
