// `npm ci` here runs this to build dist/; so does `npm install path/to/clients/typescript` in
// another project, but there without this folder's devDependencies, so without TypeScript.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));

if (existsSync(tsc)) {
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: packageRoot, stdio: "inherit" });
} else if (!existsSync(new URL("../dist/index.js", import.meta.url))) {
  console.error("@deals-api/sdk is not built: run `npm ci` in clients/typescript first, then install it again.");
  process.exit(1);
}
