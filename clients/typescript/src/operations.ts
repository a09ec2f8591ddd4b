import type { operations } from "./generated/openapi.js";

export type OperationId = keyof operations;

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * Where each operation of openapi.json is sent. `satisfies` makes the compiler refuse this table
 * until it names every operation the document has, so a new endpoint cannot be forgotten; a test
 * compares each method and path with the document.
 */
export const OPERATIONS = {
  "list-deals": ["GET", "/api/v1/crm/deals"],
  "create-deal": ["POST", "/api/v1/crm/deals"],
  "get-deal": ["GET", "/api/v1/crm/deals/{id}"],
  "update-deal": ["PATCH", "/api/v1/crm/deals/{id}"],
  "delete-deal": ["DELETE", "/api/v1/crm/deals/{id}"],
  "update-deal-stage": ["PATCH", "/api/v1/crm/deals/{id}/stage"],
  "restore-deal": ["POST", "/api/v1/crm/deals/{id}/restore"],
  "merge-deals": ["POST", "/api/v1/crm/deals/{id}/merge"],
  "batch-create-deals": ["POST", "/api/v1/crm/deals/batch/create"],
  "batch-update-deals": ["POST", "/api/v1/crm/deals/batch/update"],
  "batch-delete-deals": ["POST", "/api/v1/crm/deals/batch/delete"],
  "batch-read-deals": ["POST", "/api/v1/crm/deals/batch/read"],
  "list-deal-history": ["GET", "/api/v1/crm/deals/{id}/history"],
  "list-deal-changes": ["GET", "/api/v1/crm/deals/{id}/changes"],
  "get-deal-summary": ["GET", "/api/v1/crm/deals/summary"],
  "get-deal-forecast": ["GET", "/api/v1/crm/deals/forecast"],
  "list-events": ["GET", "/api/v1/crm/events"],
  "list-webhooks": ["GET", "/api/v1/crm/webhooks"],
  "create-webhook": ["POST", "/api/v1/crm/webhooks"],
  "get-webhook": ["GET", "/api/v1/crm/webhooks/{id}"],
  "update-webhook": ["PATCH", "/api/v1/crm/webhooks/{id}"],
  "delete-webhook": ["DELETE", "/api/v1/crm/webhooks/{id}"],
  "list-webhook-deliveries": ["GET", "/api/v1/crm/webhooks/{id}/deliveries"],
  "retry-webhook-delivery": ["POST", "/api/v1/crm/webhooks/{id}/deliveries/{delivery_id}/retry"],
  "test-webhook": ["POST", "/api/v1/crm/webhooks/{id}/test"],
  "list-pipelines": ["GET", "/api/v1/crm/pipelines"],
  "create-pipeline": ["POST", "/api/v1/crm/pipelines"],
  "get-pipeline": ["GET", "/api/v1/crm/pipelines/{id}"],
  "update-pipeline": ["PATCH", "/api/v1/crm/pipelines/{id}"],
  "delete-pipeline": ["DELETE", "/api/v1/crm/pipelines/{id}"],
  "list-pipeline-stages": ["GET", "/api/v1/crm/pipelines/{id}/stages"],
  "create-stage": ["POST", "/api/v1/crm/pipelines/{id}/stages"],
  "update-stage": ["PATCH", "/api/v1/crm/pipelines/{id}/stages/{stage_id}"],
  "delete-stage": ["DELETE", "/api/v1/crm/pipelines/{id}/stages/{stage_id}"],
  "list-stages": ["GET", "/api/v1/crm/stages"],
  "list-accounts": ["GET", "/api/v1/crm/accounts"],
  "create-account": ["POST", "/api/v1/crm/accounts"],
  "get-account": ["GET", "/api/v1/crm/accounts/{id}"],
  "update-account": ["PATCH", "/api/v1/crm/accounts/{id}"],
  "delete-account": ["DELETE", "/api/v1/crm/accounts/{id}"],
  "list-contacts": ["GET", "/api/v1/crm/contacts"],
  "create-contact": ["POST", "/api/v1/crm/contacts"],
  "get-contact": ["GET", "/api/v1/crm/contacts/{id}"],
  "update-contact": ["PATCH", "/api/v1/crm/contacts/{id}"],
  "delete-contact": ["DELETE", "/api/v1/crm/contacts/{id}"],
  "list-users": ["GET", "/api/v1/crm/users"],
  "create-user": ["POST", "/api/v1/crm/users"],
  "get-user": ["GET", "/api/v1/crm/users/{id}"],
  "update-user": ["PATCH", "/api/v1/crm/users/{id}"],
  "delete-user": ["DELETE", "/api/v1/crm/users/{id}"],
  "list-applications": ["GET", "/api/v1/crm/applications"],
  "create-application": ["POST", "/api/v1/crm/applications"],
  "get-application": ["GET", "/api/v1/crm/applications/{id}"],
  "update-application": ["PATCH", "/api/v1/crm/applications/{id}"],
  "delete-application": ["DELETE", "/api/v1/crm/applications/{id}"],
  "list-application-keys": ["GET", "/api/v1/crm/applications/{id}/keys"],
  "create-application-key": ["POST", "/api/v1/crm/applications/{id}/keys"],
  "delete-application-key": ["DELETE", "/api/v1/crm/applications/{id}/keys/{key_id}"],
  "documented-list-deals": ["GET", "/api-v1-deals"],
  "documented-create-deal": ["POST", "/api-v1-deals"],
  "documented-get-deal": ["GET", "/api-v1-deals/{id}"],
  "documented-update-deal": ["PATCH", "/api-v1-deals/{id}"],
  "documented-delete-deal": ["DELETE", "/api-v1-deals/{id}"],
  "documented-update-deal-stage": ["PATCH", "/api-v1-deals/{id}/stage"],
  "issue-token": ["POST", "/oauth/token"],
  "get-openapi": ["GET", "/openapi.json"],
} as const satisfies Record<OperationId, readonly [HttpMethod, string]>;

type Operation<O extends OperationId> = operations[O];

type JsonContent<R> = R extends { content: { "application/json": infer Body } } ? Body : never;

/** The query parameters an operation declares (`never` when it declares none). */
export type QueryOf<O extends OperationId> = NonNullable<Operation<O>["parameters"]["query"]>;

/** The path parameters an operation declares. */
export type PathOf<O extends OperationId> = NonNullable<Operation<O>["parameters"]["path"]>;

/** The header parameters an operation declares. */
export type HeadersOf<O extends OperationId> = NonNullable<Operation<O>["parameters"]["header"]>;

/** The JSON request body of an operation. */
export type BodyOf<O extends OperationId> = JsonContent<NonNullable<Operation<O>["requestBody"]>>;

type Responses<O extends OperationId> = Operation<O>["responses"];
type SuccessStatus<O extends OperationId> = Extract<keyof Responses<O>, 200 | 201 | 207>;

/** The JSON body of an operation's successful answers. */
export type SuccessBodyOf<O extends OperationId> = JsonContent<Responses<O>[SuccessStatus<O>]>;
