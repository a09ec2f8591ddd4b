// Deals through the SDK against the local server (scripts/test-sdk.sh starts it).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import type { Deal, DealCreate, Pipeline } from "../src/index.js";
import { apiErrorOf, eventually, serverClient, unique, withoutServer } from "./support.js";


function stageNamed(pipeline: Pipeline, name: string): string {
  const stage = pipeline.stages.find((candidate) => candidate.name === name);
  assert.ok(stage, `stage ${name}`);
  return stage.id;
}

describe("deals", { skip: withoutServer }, () => {
  const { client, requests } = serverClient();
  let pipeline: Pipeline;

  before(async () => {
    const created = await client.pipelines.create({
      name: unique("SDK deals"),
      stages: [{ name: "Intro" }, { name: "Proposal" }, { name: "Signed", kind: "won" }, { name: "Dropped", kind: "lost" }],
    });
    assert.equal(created.status, 201);
    pipeline = created.data;
  });

  const newDeal = async (name: string, fields: Partial<DealCreate> = {}): Promise<Deal> => {
    const { data } = await client.deals.create({ name, pipeline_id: pipeline.id, value: 1000, ...fields });
    return data;
  };

  it("creates a deal with its related records embedded, and reads it back with its ETag", async () => {
    const owner = await client.users.create({ full_name: "Sarah Smith", email: "sarah@company.example" });
    const account = await client.accounts.create({ name: unique("Acme Retail") });
    const contact = await client.contacts.create({ first_name: "John", account_id: account.data.id });
    const created = await client.deals.create({
      name: "Q1 Bulk Order",
      pipeline_id: pipeline.id,
      value: 25000,
      currency: "usd",
      expected_close_date: "2026-03-31",
      owner_id: owner.data.id,
      account_id: account.data.id,
      primary_contact_id: contact.data.id,
      tags: ["enterprise"],
    });
    assert.equal(created.status, 201);
    assert.equal(created.etag, '"1"');
    assert.equal(created.data.currency, "USD");
    assert.equal(created.data.included?.account?.id, account.data.id);
    assert.equal(created.data.included?.owner?.full_name, "Sarah Smith");

    const read = await client.deals.get(created.data.id);
    assert.equal(read.etag, '"1"');
    assert.equal(read.data.version, 1);
    assert.equal(read.data.included?.primary_contact?.first_name, "John");
    const bare = await client.deals.get(created.data.id, { include: [] });
    assert.equal(bare.data.included?.account, undefined);
  });

  it("lists with filters and several includes", async () => {
    const account = await client.accounts.create({ name: unique("Listed account") });
    const proposal = stageNamed(pipeline, "Proposal");
    const big = await newDeal("Big", { value: 90_000, stage: proposal, account_id: account.data.id });
    await newDeal("Small", { value: 10, stage: proposal });
    const page = await client.deals.list({
      pipeline_id: pipeline.id,
      "stage[in]": [proposal, stageNamed(pipeline, "Signed")],
      "value[gte]": 50_000,
      include: ["account", "stage", "pipeline"],
    });
    assert.deepEqual(
      page.data.map((deal) => deal.id),
      [big.id],
    );
    const [listed] = page.data;
    assert.equal(listed?.included?.account?.name, account.data.name);
    assert.equal(listed?.included?.stage?.name, "Proposal");
    assert.equal(listed?.included?.pipeline?.id, pipeline.id);
    assert.equal(listed?.included?.owner, undefined, "owner was not asked for");
    assert.equal(page.pagination.has_more, false);
  });

  it("iterates across pages, following next_cursor", async () => {
    const { data: own } = await client.pipelines.create({ name: unique("SDK pages"), stages: [{ name: "Only" }] });
    const { data: batch } = await client.deals.batchCreate({
      inputs: ["one", "two", "three", "four", "five"].map((name) => ({ name, pipeline_id: own.id })),
    });
    const created = batch.results.map((result) => result.data?.id);
    const before = requests.length;
    const seen: string[] = [];
    for await (const deal of client.deals.iterate({ pipeline_id: own.id, limit: 2, sort: "name" })) {
      seen.push(deal.name);
      assert.ok(created.includes(deal.id));
    }
    assert.deepEqual(seen, ["five", "four", "one", "three", "two"]);
    const pages = requests.slice(before);
    assert.equal(pages.length, 3);
    assert.equal(pages[0]?.url.searchParams.get("cursor"), null);
    assert.ok(pages[1]?.url.searchParams.get("cursor"));
    assert.ok(pages[2]?.url.searchParams.get("cursor"));
  });

  it("updates with If-Match; a stale one is 409 CONFLICT naming If-Match", async () => {
    const deal = await newDeal("Versioned");
    const { etag } = await client.deals.get(deal.id);
    assert.ok(etag);
    const updated = await client.deals.update(deal.id, { value: 30_000, probability: 60 }, { ifMatch: etag });
    assert.equal(updated.etag, '"2"');
    assert.equal(updated.data.value, 30_000);

    const stale = await apiErrorOf(client.deals.update(deal.id, { value: 1 }, { ifMatch: etag }));
    assert.equal(stale.status, 409);
    assert.equal(stale.code, "CONFLICT");
    assert.equal(stale.detail("If-Match")?.field, "If-Match");
    assert.ok(stale.requestId);
    assert.equal((await client.deals.get(deal.id)).data.value, 30_000, "nothing was written");

    const byVersion = await client.deals.update(deal.id, { name: "Versioned again" }, { ifMatch: 2 });
    assert.equal(byVersion.data.version, 3);
  });

  it("answers a wrong field with a 400 ApiError naming it", async () => {
    const invalid = await apiErrorOf(client.deals.create({ name: "Negative", value: -1 }));
    assert.equal(invalid.status, 400);
    assert.equal(invalid.code, "VALIDATION_ERROR");
    assert.deepEqual(
      invalid.details.map((detail) => detail.field),
      ["value"],
    );
    assert.match(invalid.message, /number/);
    assert.ok(invalid.requestId);
  });

  it("moves a deal through its stages, a lost one needing its reason, and lists the history", async () => {
    const deal = await newDeal("Moving");
    const toProposal = await client.deals.moveStage(deal.id, { stage: stageNamed(pipeline, "Proposal") });
    assert.equal(toProposal.data.stage, stageNamed(pipeline, "Proposal"));

    const withoutReason = await apiErrorOf(client.deals.moveStage(deal.id, { stage: stageNamed(pipeline, "Dropped") }));
    assert.equal(withoutReason.status, 400);
    assert.deepEqual(
      withoutReason.details.map((detail) => detail.field),
      ["loss_reason", "loss_category"],
    );

    const lost = await client.deals.moveStage(
      deal.id,
      { stage: stageNamed(pipeline, "Dropped"), loss_reason: "Chose a competitor", loss_category: "competition" },
      { ifMatch: toProposal.etag ?? "" },
    );
    assert.equal(lost.data.loss_category, "competition");
    assert.ok(lost.data.actual_close_date);

    const { data: history } = await client.deals.history(deal.id);
    assert.deepEqual(
      history.map((entry) => entry.to),
      [stageNamed(pipeline, "Proposal"), stageNamed(pipeline, "Dropped")],
    );
    // The field history is written from the table's stream, just after the writes are answered.
    const changes = await eventually("the deal's field history", async () => {
      const { data } = await client.deals.changes(deal.id);
      return data.length === 3 ? data : undefined;
    });
    assert.deepEqual(
      changes.map((change) => change.type),
      ["deal.stage_changed", "deal.stage_changed", "deal.created"],
    );
  });

  it("deletes, shows the deal in the recycle bin, and restores it", async () => {
    const deal = await newDeal("Recycled");
    const deleted = await client.deals.delete(deal.id, { ifMatch: 1 });
    assert.equal(deleted.data.deleted, true);

    const gone = await apiErrorOf(client.deals.get(deal.id));
    assert.equal(gone.status, 404);
    assert.equal(gone.code, "NOT_FOUND");

    const bin = await client.deals.list({ deleted: true, pipeline_id: pipeline.id });
    assert.ok(bin.data.some((tombstone) => tombstone.id === deal.id && tombstone.is_deleted));

    const restored = await client.deals.restore(deal.id);
    assert.equal(restored.data.is_deleted, false);
    assert.equal(restored.data.deal_number, deal.deal_number);
    assert.equal((await client.deals.get(deal.id)).data.name, "Recycled");
  });

  it("merges one deal into another; the absorbed id answers the survivor", async () => {
    const survivor = await newDeal("Survivor", { tags: ["a"] });
    const absorbed = await newDeal("Absorbed", { tags: ["b"], expected_close_date: "2026-06-30" });
    const merged = await client.deals.merge(survivor.id, { from: absorbed.id }, { ifMatch: 1 });
    assert.equal(merged.data.id, survivor.id);
    assert.deepEqual(merged.data.tags, ["a", "b"]);
    assert.equal(merged.data.expected_close_date, "2026-06-30");

    const viaAbsorbed = await client.deals.get(absorbed.id);
    assert.equal(viaAbsorbed.data.id, survivor.id);
    assert.match(viaAbsorbed.headers.get("content-location") ?? "", new RegExp(survivor.id));

    const self = await apiErrorOf(client.deals.merge(survivor.id, { from: survivor.id }));
    assert.equal(self.status, 400);
    assert.equal(self.details[0]?.field, "from");
  });

  it("batch-creates once under an Idempotency-Key, answering a repeat with the first answer", async () => {
    const { data: own } = await client.pipelines.create({ name: unique("SDK batch"), stages: [{ name: "Only" }] });
    const body = { inputs: [{ name: "First", pipeline_id: own.id }, { name: "Second", pipeline_id: own.id }] };
    const key = unique("batch-key");
    const first = await client.deals.batchCreate(body, { idempotencyKey: key });
    const repeat = await client.deals.batchCreate(body, { idempotencyKey: key });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("idempotent-replayed"), null);
    assert.equal(repeat.headers.get("idempotent-replayed"), "true");
    const ids = first.data.results.map((result) => result.data?.id);
    assert.deepEqual(
      repeat.data.results.map((result) => result.data?.id),
      ids,
    );
    const listed = await client.deals.list({ pipeline_id: own.id });
    assert.equal(listed.data.length, 2, "the repeat created nothing");

    const otherBody = await apiErrorOf(client.deals.batchCreate({ inputs: [{ name: "Other" }] }, { idempotencyKey: key }));
    assert.equal(otherBody.status, 409);

    const [firstId, secondId] = ids as [string, string];
    const read = await client.deals.batchRead({ ids: [firstId, secondId, "deal_00000000000000000000000000"] });
    assert.equal(read.status, 207);
    assert.deepEqual(
      read.data.results.map((result) => result.status),
      [200, 200, 404],
    );
    const updated = await client.deals.batchUpdate({
      inputs: [
        { id: firstId, value: 5, if_match: 1 },
        { id: secondId, value: 6, if_match: 9 },
      ],
    });
    assert.deepEqual(
      updated.data.results.map((result) => result.status),
      [200, 409],
    );
    const removed = await client.deals.batchDelete({ ids: [firstId, secondId] });
    assert.deepEqual(
      removed.data.results.map((result) => result.data?.deleted),
      [true, true],
    );
  });

  it("sums the board per stage and forecasts by month", async () => {
    const { data: own } = await client.pipelines.create({
      name: unique("SDK board"),
      stages: [{ name: "Open" }, { name: "Won", kind: "won" }],
    });
    const open = stageNamed(own, "Open");
    await client.deals.create({ name: "s1", pipeline_id: own.id, value: 100, expected_close_date: "2026-05-10" });
    await client.deals.create({ name: "s2", pipeline_id: own.id, value: 250, expected_close_date: "2026-05-20" });
    const summary = await client.deals.summary({ pipeline_id: own.id });
    const openStage = summary.data.stages.find((stage) => stage.stage_id === open);
    assert.equal(openStage?.count, 2);
    assert.deepEqual(openStage?.value, { EUR: 350 });
    assert.equal(summary.data.totals.open.count, 2);

    const forecast = await client.deals.forecast({ pipeline_id: own.id, from: "2026-05", to: "2026-06" });
    const may = forecast.data.months.find((month) => month.month === "2026-05");
    assert.equal(may?.count, 2);
    assert.deepEqual(may?.value, { EUR: 350 });
  });
});
