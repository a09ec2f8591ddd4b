// Compile-time tests, checked by `npm run typecheck` (tsc --noEmit) and never run: every line
// under `@ts-expect-error` must fail to type-check, and tsc fails if one does not.
import { ApiError, createClient, type Deal, type DealCreate } from "../src/index.js";

const client = createClient({ baseUrl: "http://127.0.0.1:3000", token: "dev" });

export async function wrongBodiesDoNotCompile(id: string): Promise<void> {
  // @ts-expect-error name is a string
  await client.deals.create({ name: 42 });
  // @ts-expect-error name is required on create
  await client.deals.create({ currency: "EUR" });
  // @ts-expect-error no such field
  await client.deals.create({ name: "x", nmae: "typo" });
  // @ts-expect-error tags is a list
  await client.deals.create({ name: "x", tags: "enterprise" });
  // @ts-expect-error source_type is one of frontend, backend, server, system, api
  await client.deals.create({ name: "x", source_type: "fax" });
  // @ts-expect-error deal_number can only be set at creation
  await client.deals.update(id, { deal_number: "DEAL-2026-00001" });
  // @ts-expect-error expected_close_date is a string
  await client.deals.update(id, { expected_close_date: new Date() });
  // @ts-expect-error a batch takes { inputs }
  await client.deals.batchCreate([{ name: "x" }]);
  // @ts-expect-error merge names the other deal as from
  await client.deals.merge(id, { id: "deal_2" });
  // @ts-expect-error an account's status is one of its five
  await client.accounts.create({ name: "Acme", status: "gone" });
  // @ts-expect-error a contact needs first_name
  await client.contacts.create({ last_name: "Doe" });
  // @ts-expect-error events is a list of types
  await client.webhooks.create({ url: "https://example.test/hooks", events: "deal.*" });
  // @ts-expect-error an application's scopes are the API's scopes
  await client.applications.create({ name: "sync", scopes: ["admin"] });
  // @ts-expect-error a pipeline stage's kind is open, won or lost
  await client.pipelines.create({ name: "p", stages: [{ name: "s", kind: "maybe" }] });
}

export async function wrongParametersDoNotCompile(id: string): Promise<void> {
  // @ts-expect-error limit is a number
  await client.deals.list({ limit: "10" });
  // @ts-expect-error include names related records
  await client.deals.list({ include: ["acount"] });
  // @ts-expect-error sort is one of the sortable fields
  await client.deals.list({ sort: "size" });
  // @ts-expect-error unknown filter
  await client.deals.list({ colour: "red" });
  // @ts-expect-error an id is a string
  await client.deals.get(42);
  // @ts-expect-error create takes an Idempotency-Key, not If-Match
  await client.deals.create({ name: "x" }, { ifMatch: 1 });
  // @ts-expect-error update takes If-Match, not an Idempotency-Key
  await client.deals.update(id, { name: "x" }, { idempotencyKey: "k" });
  // @ts-expect-error a user's delete takes deals=unassign or reassign_to
  await client.users.delete(id, { deals: "detach" });
  // @ts-expect-error createClient needs a baseUrl
  createClient({ token: "dev" });
}

export async function answersAreTyped(id: string): Promise<void> {
  const { data: deal, etag } = await client.deals.get(id, { include: ["account", "owner"] });
  const value: number = deal.value;
  const accountName: string | undefined = deal.included?.account?.name;
  const version: string | undefined = etag;
  // @ts-expect-error value is a number
  const wrong: string = deal.value;
  const page = await client.deals.list({ "stage[in]": ["qualified", "proposal"], "value[gte]": 1000, limit: 20 });
  const cursor: string | null = page.pagination.next_cursor;
  for await (const listed of client.deals.iterate({ pipeline_id: "default", limit: 2 })) {
    const each: Deal = listed;
    // @ts-expect-error deals have no title (the documented view's name for it)
    void listed.title;
    void each;
  }
  const body: DealCreate = { name: "typed", expected_close_date: "2026-03-31", tags: ["a"] };
  await client.deals.create(body, { idempotencyKey: "order-42" });
  await client.deals.update(id, { name: "renamed", account_id: null }, { ifMatch: etag ?? 1 });
  void [value, accountName, version, wrong, cursor];
}

export function errorsAreTyped(error: unknown): void {
  if (!(error instanceof ApiError)) return;
  const status: number = error.status;
  const requestId: string | undefined = error.requestId;
  const field: string | undefined = error.details[0]?.field;
  if (error.code === "VALIDATION_ERROR" || error.code === "CONFLICT") void [status, requestId, field];
  // @ts-expect-error status is a number
  const wrong: string = error.status;
  void wrong;
}
