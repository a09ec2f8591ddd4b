export {
  createClient,
  followCursor,
  Accounts,
  Applications,
  ApplicationKeys,
  Contacts,
  Deals,
  DocumentedDeals,
  Events,
  OAuth,
  Pipelines,
  Stages,
  Users,
  Webhooks,
  type ClientCredentials,
  type DealsApiClient,
  type OpenApiDocument,
} from "./client.js";
export { ApiError, type ErrorCode, type FieldError } from "./errors.js";
export {
  DEFAULT_LIST_PARAMETER_STYLE,
  appendQueryParameter,
  type ApiResult,
  type ClientOptions,
  type IdempotencyOptions,
  type IfMatchOptions,
  type ListParameterStyle,
  type RequestOptions,
  type ResponseMeta,
  type TokenSource,
} from "./transport.js";
export { OPERATIONS, type BodyOf, type OperationId, type QueryOf, type SuccessBodyOf } from "./operations.js";
export { verifyWebhook, Webhook, WebhookVerificationError, type ReceivedHeaders, type WebhookEvent } from "./webhooks.js";
export type * from "./types.js";
export type { components, operations, paths } from "./generated/openapi.js";
