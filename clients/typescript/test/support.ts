import assert from "node:assert/strict";

import { ApiError, createClient, type DealsApiClient } from "../src/index.js";

const apiUrl = process.env.DEALS_API_URL;
const apiToken = process.env.DEALS_API_TOKEN;

/** The server tests' `skip`: they need the local server that scripts/test-sdk.sh starts. */
export const withoutServer =
  apiUrl && apiToken ? false : "DEALS_API_URL and DEALS_API_TOKEN are unset: run `make test-sdk`";

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
}

/** A client of the local server that also notes every request it sends. */
export function serverClient(token = apiToken ?? ""): { client: DealsApiClient; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    requests.push({
      method: init?.method ?? "GET",
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
    });
    return fetch(input, init);
  };
  return { client: createClient({ baseUrl: apiUrl ?? "", token, fetch: recordingFetch }), requests };
}

export const baseUrl = (): string => apiUrl ?? "";

/**
 * What `probe` answers once it answers something, asking again every 100 ms until `timeoutMs`:
 * for what the server does after answering (the change feed, webhook deliveries).
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A name no other run or test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs `request`, which must fail, and answers its ApiError. */
export async function apiErrorOf(request: Promise<unknown>): Promise<ApiError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  assert.fail("the request succeeded");
}

export async function collect<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const all: Item[] = [];
  for await (const item of items) all.push(item);
  return all;
}
