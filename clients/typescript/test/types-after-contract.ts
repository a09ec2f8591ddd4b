// Compile-time tests that today's openapi.json cannot pass yet: it spells `value`, `probability`,
// `next_followup_date` and the stage-move body as `anyOf`s that openapi-typescript turns into
// `unknown`, and `custom_fields` as `Record<string, never>`. Issue 18's contract change fixes
// them; then regenerate (`make sdk-types`) and remove this file from `exclude` in tsconfig.json,
// so that `npm run typecheck` checks these lines too.
import { createClient } from "../src/index.js";

const client = createClient({ baseUrl: "http://127.0.0.1:3000", token: "dev" });

export async function wrongNumbersAndDatesDoNotCompile(id: string): Promise<void> {
  // @ts-expect-error value is a number
  await client.deals.create({ name: "x", value: "25000" });
  // @ts-expect-error probability is a number
  await client.deals.update(id, { probability: "high" });
  // @ts-expect-error next_followup_date is a date or date-time string
  await client.deals.update(id, { next_followup_date: 20260331 });
  // @ts-expect-error a stage is named by its id
  await client.deals.moveStage(id, { stage: 5 });
  // @ts-expect-error no such field in a stage move
  await client.deals.moveStage(id, { stage: "won", reason: "price" });
}

export async function customFieldsTakeAnyKey(id: string): Promise<void> {
  await client.deals.update(id, { custom_fields: { region: "emea", seats: 40 } });
  const { data } = await client.deals.get(id);
  const region: unknown = data.custom_fields["region"];
  void region;
}
