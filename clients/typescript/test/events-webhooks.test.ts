// The change feed and webhooks through the SDK, with a receiver on this machine that checks each
// delivery's signature (the local server delivers to loopback receivers).
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import { verifyWebhook, WebhookVerificationError } from "../src/index.js";
import { apiErrorOf, collect, eventually, serverClient, unique, withoutServer } from "./support.js";

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A webhook receiver on 127.0.0.1 that answers 204 and keeps what it got. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks`, received };
}

describe("events", { skip: withoutServer }, () => {
  const { client } = serverClient();

  it("lists a deal's events in the feed and iterates them, oldest first", async () => {
    const { data: deal } = await client.deals.create({ name: unique("Evented") });
    await client.deals.update(deal.id, { value: 10 });
    await client.deals.delete(deal.id);
    const events = await eventually("the deal's three events", async () => {
      const all = await collect(client.events.iterate({ object_id: deal.id, limit: 1 }));
      return all.length === 3 ? all : undefined;
    });
    assert.deepEqual(
      events.map((event) => event.type),
      ["deal.created", "deal.updated", "deal.deleted"],
    );
    assert.deepEqual(
      events.map((event) => event.version),
      [1, 2, 3],
    );
    const first = await client.events.list({ object_id: deal.id, limit: 2 });
    assert.equal(first.data.length, 2);
    assert.ok(first.pagination.next_cursor);
    const rest = await client.events.list({ object_id: deal.id, after: first.pagination.next_cursor ?? "" });
    assert.deepEqual(
      rest.data.map((event) => event.type),
      ["deal.deleted"],
    );
    const onlyDeletes = await client.events.list({ object_id: deal.id, type: ["deal.deleted"] });
    assert.equal(onlyDeletes.data.length, 1);
  });

  it("refuses an unknown event type with a 400 naming the parameter", async () => {
    const error = await apiErrorOf(client.events.list({ type: ["nothing.happened"] }));
    assert.equal(error.status, 400);
    assert.equal(error.details[0]?.field, "type");
  });
});

describe("webhooks", { skip: withoutServer }, () => {
  const { client } = serverClient();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  before(async () => {
    receiver = await startReceiver();
  });
  after(() => {
    receiver.server.close();
  });

  it("delivers a signed event that verifyWebhook accepts, and refuses a forged one", async () => {
    const created = await client.webhooks.create({ url: receiver.url, events: ["deal.created"], description: "SDK test" });
    assert.equal(created.status, 201);
    const { id, secret } = created.data;
    assert.match(secret, /^whsec_/);

    const { data: deal } = await client.deals.create({ name: unique("Hooked") });
    const delivery = await eventually("the deal.created delivery", async () =>
      receiver.received.find(({ body }) => body.toString().includes(deal.id)),
    );
    const event = verifyWebhook(secret, delivery.body, delivery.headers);
    assert.equal(event.type, "deal.created");
    assert.equal(event.object_id, deal.id);
    assert.equal(delivery.headers["webhook-id"], event.id);

    const forged = Buffer.from(delivery.body.toString().replace(deal.id, "deal_forged"));
    assert.throws(() => verifyWebhook(secret, forged, delivery.headers), WebhookVerificationError);

    const deliveries = await eventually("the delivery's record", async () => {
      const { data } = await client.webhooks.deliveries(id);
      return data.find((candidate) => candidate.event_id === event.id && candidate.status === "succeeded");
    });
    assert.equal(deliveries.attempts[0]?.status_code, 204);
    const retried = await client.webhooks.retryDelivery(id, deliveries.id);
    assert.equal(retried.data.attempts.length, 2);
    assert.ok((await collect(client.webhooks.iterateDeliveries(id, { limit: 1 }))).length >= 1);
  });

  it("sends a test event now, rotates the secret, and deletes the webhook", async () => {
    const { data: webhook } = await client.webhooks.create({ url: receiver.url, events: ["account.*"] });
    const test = await client.webhooks.test(webhook.id);
    assert.equal(test.data.event_type, "webhook.test");
    assert.equal(test.data.status, "succeeded");
    const received = receiver.received.find(({ body }) => body.toString().includes(test.data.event_id));
    assert.ok(received, "the test delivery reached the receiver before the answer");
    const event = verifyWebhook(webhook.secret, received.body, received.headers);
    assert.equal(event.type, "webhook.test");

    const rotated = await client.webhooks.update(webhook.id, { rotate_secret: true }, { ifMatch: 1 });
    assert.ok("secret" in rotated.data && rotated.data.secret !== webhook.secret);
    const fetched = await client.webhooks.get(webhook.id);
    assert.equal("secret" in fetched.data, false);
    assert.ok((await client.webhooks.list()).data.some((listed) => listed.id === webhook.id));
    assert.equal((await client.webhooks.delete(webhook.id)).data.deleted, true);
    assert.equal((await apiErrorOf(client.webhooks.get(webhook.id))).status, 404);
  });
});
