// What the SDK does without a server: which request each method sends, how query strings and
// errors are read and written, and the webhook signature check.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";

import {
  ApiError,
  appendQueryParameter,
  createClient,
  OPERATIONS,
  verifyWebhook,
  WebhookVerificationError,
  type DealsApiClient,
} from "../src/index.js";

const DOCUMENT_URL = new URL("../../../../openapi.json", import.meta.url);
const PATH_PARAMETER_VALUES: Record<string, string> = { id: "ID", stage_id: "SID", key_id: "KID", delivery_id: "DID" };
const METHODS = ["get", "post", "patch", "delete", "put"];

async function documentOperations(): Promise<Map<string, string>> {
  const document = JSON.parse(await readFile(DOCUMENT_URL, "utf8")) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  const operations = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method) || operation.operationId === undefined) continue;
      operations.set(operation.operationId, `${method.toUpperCase()} ${path}`);
    }
  }
  return operations;
}

function concrete(methodAndPath: string): string {
  return methodAndPath.replace(/\{([^}]+)\}/g, (_, name: string) => PATH_PARAMETER_VALUES[name] ?? `?${name}`);
}

/** A client whose fetch answers every request with an empty page, noting method and path. */
function recordingClient(options: { listParameters?: "comma" | "repeated" } = {}) {
  const sent: { method: string; url: URL; headers: Headers; body: unknown }[] = [];
  const client = createClient({
    baseUrl: "http://api.test/",
    token: "T",
    ...options,
    fetch: async (input, init) => {
      sent.push({
        method: init?.method ?? "GET",
        url: new URL(String(input)),
        headers: new Headers(init?.headers),
        body: init?.body,
      });
      const body = { data: [], pagination: { has_more: false, next_cursor: null } };
      return new Response(JSON.stringify(body), { status: 200, headers: { etag: '"7"', "x-request-id": "req-1" } });
    },
  });
  return { client, sent };
}

async function drain(items: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of items);
}

/** Calls every method of the client once. */
async function callEverything(client: DealsApiClient): Promise<void> {
  const { deals, pipelines, stages, accounts, contacts, users, applications, events, webhooks } = client;
  await deals.list();
  await deals.get("ID");
  await deals.create({ name: "x" });
  await deals.update("ID", { name: "y" });
  await deals.moveStage("ID", { stage: "won" });
  await deals.delete("ID");
  await deals.restore("ID");
  await deals.merge("ID", { from: "OTHER" });
  await deals.batchCreate({ inputs: [{ name: "x" }] });
  await deals.batchUpdate({ inputs: [{ id: "ID", name: "y" }] });
  await deals.batchDelete({ ids: ["ID"] });
  await deals.batchRead({ ids: ["ID"] });
  await deals.history("ID");
  await deals.changes("ID");
  await deals.summary();
  await deals.forecast();
  await pipelines.list();
  await pipelines.get("ID");
  await pipelines.create({ name: "p" });
  await pipelines.update("ID", { name: "q" });
  await pipelines.delete("ID");
  await stages.list();
  await stages.listOfPipeline("ID");
  await stages.create("ID", { name: "s" });
  await stages.update("ID", "SID", { name: "t" });
  await stages.delete("ID", "SID");
  await accounts.list();
  await accounts.get("ID");
  await accounts.create({ name: "a" });
  await accounts.update("ID", { name: "b" });
  await accounts.delete("ID");
  await contacts.list();
  await contacts.get("ID");
  await contacts.create({ first_name: "c" });
  await contacts.update("ID", { first_name: "d" });
  await contacts.delete("ID");
  await users.list();
  await users.get("ID");
  await users.create({ full_name: "u" });
  await users.update("ID", { full_name: "v" });
  await users.delete("ID");
  await applications.list();
  await applications.get("ID");
  await applications.create({ name: "app", scopes: ["read:deals"] });
  await applications.update("ID", { name: "app2" });
  await applications.delete("ID");
  await applications.keys.list("ID");
  await applications.keys.create("ID");
  await applications.keys.delete("ID", "KID");
  await events.list();
  await webhooks.list();
  await webhooks.get("ID");
  await webhooks.create({ url: "https://example.test/hooks", events: ["deal.*"] });
  await webhooks.update("ID", { enabled: false });
  await webhooks.delete("ID");
  await webhooks.deliveries("ID");
  await webhooks.retryDelivery("ID", "DID");
  await webhooks.test("ID");
  await client.documentedDeals.list();
  await client.documentedDeals.get("ID");
  await client.documentedDeals.create({ title: "x" });
  await client.documentedDeals.update("ID", { title: "y" });
  await client.documentedDeals.moveStage("ID", { stage_id: "won" });
  await client.documentedDeals.delete("ID");
  await client.oauth.token({ clientId: "app", clientSecret: "dk_x" });
  await client.openapi();
  for (const items of [
    deals.iterate(),
    accounts.iterate(),
    contacts.iterate(),
    users.iterate(),
    applications.iterate(),
    events.iterate(),
    webhooks.iterateDeliveries("ID"),
    client.documentedDeals.iterate(),
  ]) {
    await drain(items);
  }
}

describe("operations", () => {
  it("the table names each operation of openapi.json with its method and path", async () => {
    const fromDocument = await documentOperations();
    const fromTable = new Map(Object.entries(OPERATIONS).map(([id, [method, path]]) => [id, `${method} ${path}`]));
    assert.deepEqual(Object.fromEntries(fromTable), Object.fromEntries(fromDocument));
  });

  it("the client's methods reach every operation of openapi.json", async () => {
    const { client, sent } = recordingClient();
    await callEverything(client);
    const reached = new Set(sent.map(({ method, url }) => `${method} ${url.pathname}`));
    const expected = new Set([...(await documentOperations()).values()].map(concrete));
    assert.deepEqual([...expected].filter((request) => !reached.has(request)), [], "operations no method sends");
    assert.deepEqual([...reached].filter((request) => !expected.has(request)), [], "requests no operation describes");
  });

  it("sends the token, If-Match and Idempotency-Key, and returns the ETag", async () => {
    const { client, sent } = recordingClient();
    const updated = await client.deals.update("deal 1/2", { name: "y" }, { ifMatch: 3 });
    await client.deals.update("ID", { name: "y" }, { ifMatch: 'W/"4"' });
    await client.deals.create({ name: "x" }, { idempotencyKey: "order-42" });
    assert.equal(updated.etag, '"7"');
    assert.equal(updated.requestId, "req-1");
    assert.equal(updated.status, 200);
    assert.equal(sent[0]?.url.pathname, "/api/v1/crm/deals/deal%201%2F2");
    assert.equal(sent[0]?.headers.get("authorization"), "Bearer T");
    assert.equal(sent[0]?.headers.get("if-match"), '"3"');
    assert.equal(sent[0]?.headers.get("content-type"), "application/json");
    assert.equal(sent[0]?.body, JSON.stringify({ name: "y" }));
    assert.equal(sent[1]?.headers.get("if-match"), 'W/"4"');
    assert.equal(sent[2]?.headers.get("idempotency-key"), "order-42");
  });

  it("asks for an OAuth token with the application's credentials as Basic auth, in a form", async () => {
    const { client, sent } = recordingClient();
    await client.oauth.token({ clientId: "app_1", clientSecret: "dk_secret", scope: "read:deals" });
    assert.equal(sent[0]?.headers.get("authorization"), `Basic ${btoa("app_1:dk_secret")}`);
    assert.equal(sent[0]?.headers.get("content-type"), "application/x-www-form-urlencoded");
    assert.equal(sent[0]?.body, "grant_type=client_credentials&scope=read%3Adeals");
  });
});

describe("query strings", () => {
  const spell = (value: Parameters<typeof appendQueryParameter>[2], style: "comma" | "repeated") => {
    const query = new URLSearchParams();
    appendQueryParameter(query, "include", value, style);
    return query.toString();
  };

  it("joins lists with commas, or repeats them", () => {
    assert.equal(spell(["account", "owner"], "comma"), "include=account%2Cowner");
    assert.equal(spell(["account", "owner"], "repeated"), "include=account&include=owner");
  });

  it("sends an empty list as an empty value in both forms, and leaves out what is undefined", () => {
    assert.equal(spell([], "comma"), "include=");
    assert.equal(spell([], "repeated"), "include=");
    assert.equal(spell(undefined, "comma"), "");
  });

  it("spells filters with brackets, numbers and booleans as given", async () => {
    const { client, sent } = recordingClient({ listParameters: "comma" });
    await client.deals.list({ "stage[in]": ["a", "b"], "value[gte]": 1000, deleted: false, include: ["account", "owner"] });
    assert.equal(sent[0]?.url.search, "?stage%5Bin%5D=a%2Cb&value%5Bgte%5D=1000&deleted=false&include=account%2Cowner");
  });

  it("repeats list parameters when the client is told to", async () => {
    const { client, sent } = recordingClient({ listParameters: "repeated" });
    await client.deals.list({ include: ["account", "owner"] });
    assert.deepEqual(sent[0]?.url.searchParams.getAll("include"), ["account", "owner"]);
  });
});

describe("ApiError", () => {
  const headers = new Headers({ "x-request-id": "from-header" });

  it("reads the error envelope", () => {
    const error = ApiError.fromResponse(400, headers, {
      error: {
        code: "VALIDATION_ERROR",
        message: "Name is required",
        details: [{ field: "name", message: "Name is required" }],
        request_id: "from-body",
      },
    });
    assert.ok(error instanceof Error);
    assert.equal(error.name, "ApiError");
    assert.equal(error.status, 400);
    assert.equal(error.code, "VALIDATION_ERROR");
    assert.equal(error.message, "Name is required");
    assert.deepEqual(error.detail("name"), { field: "name", message: "Name is required" });
    assert.equal(error.requestId, "from-body");
  });

  it("reads OAuth's errors and API Gateway's own answers", () => {
    const oauth = ApiError.fromResponse(401, headers, { error: "invalid_client", error_description: "Unknown client" });
    assert.equal(oauth.code, "invalid_client");
    assert.equal(oauth.message, "Unknown client");
    assert.equal(oauth.requestId, "from-header");
    const gateway = ApiError.fromResponse(413, new Headers(), { message: "Request Entity Too Large" });
    assert.equal(gateway.code, "HTTP_413");
    assert.equal(gateway.message, "Request Entity Too Large");
    assert.deepEqual(gateway.details, []);
    const html = ApiError.fromResponse(502, new Headers(), "<html>Bad Gateway</html>");
    assert.equal(html.code, "HTTP_502");
    assert.equal(html.body, "<html>Bad Gateway</html>");
  });

  it("is what a request outside 2xx rejects with", async () => {
    const client = createClient({
      baseUrl: "http://api.test",
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: "Deal not found", details: [], request_id: "r" } }), {
          status: 404,
        }),
    });
    await assert.rejects(client.deals.get("deal_x"), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 404);
      assert.equal(error.code, "NOT_FOUND");
      return true;
    });
  });
});

/** Signs as shared/src/webhooks/signing.rs does: HMAC-SHA256 over `{id}.{timestamp}.{body}`. */
function signAsTheApi(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const tag = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${tag}`;
}

describe("verifyWebhook", () => {
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const body = JSON.stringify({ id: "evt_1", type: "deal.created", object: "deal", object_id: "deal_1", data: {} });
  const now = Math.floor(Date.now() / 1000);
  const signed = (timestamp = now, signedBody = body) => ({
    "webhook-id": "evt_1",
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signAsTheApi(secret, "evt_1", timestamp, signedBody),
  });

  it("answers the event of a delivery signed as the API signs, from Node's or fetch's headers", () => {
    assert.equal(verifyWebhook(secret, body, signed()).object_id, "deal_1");
    assert.equal(verifyWebhook(secret, new TextEncoder().encode(body), new Headers(signed())).type, "deal.created");
    const upperCase = Object.fromEntries(Object.entries(signed()).map(([name, value]) => [name.toUpperCase(), value]));
    assert.equal(verifyWebhook(secret, body, upperCase).id, "evt_1");
  });

  it("refuses another body, another secret, an old timestamp and missing headers", () => {
    assert.throws(() => verifyWebhook(secret, body.replace("deal_1", "deal_2"), signed()), WebhookVerificationError);
    const otherSecret = `whsec_${randomBytes(32).toString("base64")}`;
    assert.throws(() => verifyWebhook(otherSecret, body, signed()), WebhookVerificationError);
    assert.throws(() => verifyWebhook(secret, body, signed(now - 600)), WebhookVerificationError);
    assert.throws(() => verifyWebhook(secret, body, { "webhook-id": "evt_1" }), WebhookVerificationError);
  });
});
