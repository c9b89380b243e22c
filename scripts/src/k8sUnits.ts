import fs from "node:fs";
import path from "node:path";
import { unitKustomizations } from "./k8s/units.js";

/** `npm run k8s:units`: (re)writes infra/k8s/units/<cc>/kustomization.yaml for the nine units. */
for (const [file, content] of unitKustomizations()) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
