// Pipelines, stages, accounts, contacts, users, applications and their keys, the documented view
// and the contract itself, through the SDK against the local server.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { apiErrorOf, collect, serverClient, unique, withoutServer } from "./support.js";


describe("pipelines and stages", { skip: withoutServer }, () => {
  const { client } = serverClient();

  it("creates, changes and deletes a pipeline and its stages", async () => {
    const created = await client.pipelines.create({ name: unique("SDK stages"), stages: [{ name: "First" }] });
    const id = created.data.id;
    assert.equal((await client.pipelines.get(id)).data.stages.length, 1);
    assert.ok((await client.pipelines.list()).data.some((pipeline) => pipeline.id === id));

    const renamed = await client.pipelines.update(id, { name: "Renamed" });
    assert.equal(renamed.data.name, "Renamed");

    const second = await client.stages.create(id, { name: "Second", kind: "won", position: 1 });
    assert.equal(second.status, 201);
    const stages = await client.stages.listOfPipeline(id);
    assert.deepEqual(
      stages.data.map((stage) => stage.name),
      ["Second", "First"],
    );
    const secondId = second.data.id;
    const recolored = await client.stages.update(id, secondId, { color: "#22c55e" });
    assert.equal(recolored.data.color, "#22c55e");
    assert.ok((await client.stages.list()).data.some((stage) => stage.id === secondId));

    const first = stages.data.find((stage) => stage.name === "First")?.id ?? "";
    const { data: deal } = await client.deals.create({ name: "In First", pipeline_id: id, stage: first });
    const occupied = await apiErrorOf(client.stages.delete(id, first));
    assert.equal(occupied.status, 409);
    await client.stages.delete(id, first, { move_to: secondId });
    assert.equal((await client.deals.get(deal.id)).data.stage, secondId);

    await client.deals.delete(deal.id);
    assert.equal((await client.pipelines.delete(id)).data.deleted, true);
    assert.equal((await apiErrorOf(client.pipelines.get(id))).code, "NOT_FOUND");
  });
});

describe("accounts, contacts and users", { skip: withoutServer }, () => {
  const { client } = serverClient();

  it("creates, reads, updates with If-Match and deletes each kind", async () => {
    const account = await client.accounts.create({ name: unique("Account"), domain: "acme.example" });
    assert.equal(account.etag, '"1"');
    const contact = await client.contacts.create({ first_name: "Jane", last_name: "Doe", account_id: account.data.id });
    const user = await client.users.create({ full_name: "Owner One" });

    const updatedAccount = await client.accounts.update(account.data.id, { status: "customer" }, { ifMatch: account.etag ?? "" });
    assert.equal(updatedAccount.data.status, "customer");
    assert.equal((await apiErrorOf(client.accounts.update(account.data.id, { status: "churned" }, { ifMatch: 1 }))).status, 409);
    assert.equal((await client.contacts.update(contact.data.id, { email: "jane@example.test" })).data.version, 2);
    assert.equal((await client.users.update(user.data.id, { email: "owner@example.test" }, { ifMatch: 1 })).data.version, 2);

    assert.equal((await client.accounts.get(account.data.id)).data.domain, "acme.example");
    assert.equal((await client.contacts.get(contact.data.id)).data.account_id, account.data.id);
    assert.equal((await client.users.get(user.data.id)).data.full_name, "Owner One");

    const { data: deal } = await client.deals.create({ name: "Refers", account_id: account.data.id, owner_id: user.data.id });
    const inUse = await apiErrorOf(client.accounts.delete(account.data.id));
    assert.equal(inUse.status, 409);
    await client.accounts.delete(account.data.id, { deals: "detach", contacts: "detach" });
    await client.users.delete(user.data.id, { deals: "unassign" });
    await client.contacts.delete(contact.data.id);
    const released = await client.deals.get(deal.id);
    assert.equal(released.data.account_id, null);
    assert.equal(released.data.owner_id, null);
    assert.equal((await apiErrorOf(client.users.get(user.data.id))).status, 404);
  });

  it("iterates over every account, page after page", async () => {
    const names = [unique("Paged"), unique("Paged"), unique("Paged")];
    for (const name of names) await client.accounts.create({ name });
    const seen = new Set<string>();
    for await (const account of client.accounts.iterate({ limit: 1 })) seen.add(account.name);
    for (const name of names) assert.ok(seen.has(name), name);
    assert.ok((await client.users.list({ limit: 1 })).pagination);
    assert.ok((await client.contacts.list({ limit: 1 })).pagination);
  });
});

describe("applications, keys and OAuth", { skip: withoutServer }, () => {
  const { client } = serverClient();

  it("makes an application and a key; the key works, trades for a token, and stops when revoked", async () => {
    const application = await client.applications.create({ name: unique("Order sync"), scopes: ["read:deals", "write:deals"] });
    const appId = application.data.id;
    assert.equal((await client.applications.get(appId)).data.name, application.data.name);
    assert.ok((await client.applications.list()).data.some((candidate) => candidate.id === appId));
    assert.ok([...(await collect(client.applications.iterate({ limit: 1 })))].some((candidate) => candidate.id === appId));
    const renamed = await client.applications.update(appId, { name: "Order sync v2" }, { ifMatch: 1 });
    assert.equal(renamed.data.version, 2);

    const key = await client.applications.keys.create(appId, { name: "production" });
    assert.match(key.data.key, /^dk_/);
    const listedKeys = await client.applications.keys.list(appId);
    assert.deepEqual(
      listedKeys.data.map((listed) => listed.id),
      [key.data.id],
    );

    const asApplication = serverClient(key.data.key).client;
    const { data: deal } = await asApplication.deals.create({ name: "From the integration" });
    assert.equal(deal.app_id, appId);

    const token = await client.oauth.token({ clientId: appId, clientSecret: key.data.key, scope: "read:deals" });
    assert.equal(token.token_type, "Bearer");
    assert.equal(token.scope, "read:deals");
    const withToken = serverClient(token.access_token).client;
    assert.equal((await withToken.deals.get(deal.id)).data.id, deal.id);
    const forbidden = await apiErrorOf(withToken.deals.create({ name: "Not allowed" }));
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.code, "FORBIDDEN");

    const badSecret = await apiErrorOf(client.oauth.token({ clientId: appId, clientSecret: "dk_wrong" }));
    assert.equal(badSecret.status, 401);
    assert.equal(badSecret.code, "invalid_client");

    await client.applications.keys.delete(appId, key.data.id);
    const revoked = await apiErrorOf(asApplication.deals.list());
    assert.equal(revoked.status, 401);
    assert.equal(revoked.message, "Invalid API key");
    assert.equal((await client.applications.delete(appId)).data.deleted, true);
  });
});

describe("the documented view and the contract", { skip: withoutServer }, () => {
  const { client } = serverClient();

  it("creates, lists, moves and deletes a deal in the documented shape", async () => {
    const created = await client.documentedDeals.create({ title: unique("Documented"), value: 500 });
    assert.equal(created.status, 201);
    const id = created.data.id;
    assert.equal((await client.documentedDeals.get(id)).data.title, created.data.title);
    const updated = await client.documentedDeals.update(id, { value: 750 }, { ifMatch: created.etag ?? "" });
    assert.equal(updated.data.value, 750);
    const moved = await client.documentedDeals.moveStage(id, { stage_id: "qualified" });
    assert.equal(moved.data.stage_id, "qualified");
    const page = await client.documentedDeals.list({ title: created.data.title });
    assert.deepEqual(
      page.data.map((deal) => deal.id),
      [id],
    );
    await client.documentedDeals.delete(id);
    assert.equal((await apiErrorOf(client.documentedDeals.get(id))).status, 404);
  });

  it("reads openapi.json, and answers 304 for the ETag it gave", async () => {
    const first = await client.openapi();
    assert.equal(first.status, 200);
    assert.ok(first.document && "paths" in first.document);
    assert.ok(first.etag);
    const again = await client.openapi({ ifNoneMatch: first.etag });
    assert.equal(again.status, 304);
    assert.equal(again.document, undefined);
  });
});
