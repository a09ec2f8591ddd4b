// Checks a delivery's signature for a receiver. The API signs as Standard Webhooks specifies
// (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`, keyed by the
// bytes after `whsec_`), so this wraps the specification's own library.
import { Webhook, WebhookVerificationError } from "standardwebhooks";

import type { DealEvent } from "./types.js";

export { Webhook, WebhookVerificationError };

/** What a delivery's body holds: an event of the feed, or the one `POST /webhooks/{id}/test` sends. */
export type WebhookEvent =
  | DealEvent
  | (Omit<DealEvent, "type" | "object" | "data"> & {
      type: "webhook.test";
      object: "webhook";
      data: { message: string };
    });

/** Request headers as `fetch` (`Headers`) or Node's `http` (`IncomingHttpHeaders`) give them. */
export type ReceivedHeaders = Headers | Record<string, string | readonly string[] | undefined>;

/**
 * The event a delivery carries, once its signature and timestamp (within five minutes of now)
 * check out; otherwise throws `WebhookVerificationError`. `body` must be the exact bytes
 * received, before any JSON parsing.
 */
export function verifyWebhook(secret: string, body: string | Uint8Array, headers: ReceivedHeaders): WebhookEvent {
  const payload = typeof body === "string" ? body : new TextDecoder().decode(body);
  return new Webhook(secret).verify(payload, signatureHeaders(headers)) as WebhookEvent;
}

function signatureHeaders(headers: ReceivedHeaders): Record<string, string> {
  const names = ["webhook-id", "webhook-timestamp", "webhook-signature"];
  const found: Record<string, string> = {};
  if (headers instanceof Headers) {
    for (const name of names) {
      const value = headers.get(name);
      if (value !== null) found[name] = value;
    }
    return found;
  }
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!names.includes(lower) || value === undefined) continue;
    found[lower] = typeof value === "string" ? value : value.join(" ");
  }
  return found;
}
