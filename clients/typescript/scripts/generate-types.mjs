// Writes src/generated/openapi.ts from the repository's openapi.json with openapi-typescript.
//
//   node scripts/generate-types.mjs           write it
//   node scripts/generate-types.mjs --check   fail if the committed file is not what it would write
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const documentPath = fileURLToPath(new URL("../../../openapi.json", import.meta.url));
const outputPath = fileURLToPath(new URL("../src/generated/openapi.ts", import.meta.url));

/**
 * openapi-typescript names a `$ref` as a path into its types, which works for a whole component
 * and for a schema's property, but not for a part of another kind of component (the schema of a
 * parameter, `#/components/parameters/IfMatch/schema`, has no type of its own): such references
 * are replaced by what they point at before generating.
 */
function inlineReferencesIntoNonSchemaComponents(document) {
  const resolve = (pointer) =>
    pointer
      .slice(2)
      .split("/")
      .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((node, segment) => node?.[segment], document);
  const visit = (node) => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== "object") return node;
    const reference = node.$ref;
    if (typeof reference === "string" && /^#\/components\/(?!schemas\/)[^/]+\/[^/]+\/.+/.test(reference)) {
      const target = resolve(reference);
      if (target === undefined) throw new Error(`openapi.json: ${reference} points at nothing`);
      const { $ref, ...siblings } = node;
      return visit({ ...target, ...siblings });
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]));
  };
  return visit(document);
}

const document = inlineReferencesIntoNonSchemaComponents(JSON.parse(await readFile(documentPath, "utf8")));
const generated = COMMENT_HEADER + astToString(await openapiTS(document));

if (process.argv.includes("--check")) {
  const committed = await readFile(outputPath, "utf8").catch(() => "");
  if (committed !== generated) {
    console.error("src/generated/openapi.ts is not what openapi.json generates: run `make sdk-types` and commit it.");
    process.exit(1);
  }
  console.log("src/generated/openapi.ts matches openapi.json");
} else {
  await writeFile(outputPath, generated);
  console.log(`wrote ${outputPath}`);
}
