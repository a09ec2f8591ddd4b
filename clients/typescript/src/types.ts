// Names for the shapes callers handle most, each taken from an operation of openapi.json (not from
// a schema's name), so they follow the document when it is regenerated.
import type { BodyOf, QueryOf, SuccessBodyOf } from "./operations.js";

type DataOf<Body> = Body extends { data: infer Data } ? Data : never;
type ItemOf<List> = List extends readonly (infer Item)[] ? Item : never;

export type Deal = DataOf<SuccessBodyOf<"get-deal">>;
export type DealCreate = BodyOf<"create-deal">;
export type DealUpdate = BodyOf<"update-deal">;
export type DealStageMove = BodyOf<"update-deal-stage">;
export type DealMerge = BodyOf<"merge-deals">;
export type DealListQuery = QueryOf<"list-deals">;
/** The filters, sort and include of `GET /deals`: everything but where a page starts. */
export type DealFilters = Omit<DealListQuery, "cursor" | "page" | "per_page">;
export type DealPagination = SuccessBodyOf<"list-deals">["pagination"];
export type DealHistoryEntry = ItemOf<DataOf<SuccessBodyOf<"list-deal-history">>>;
export type DealChange = ItemOf<DataOf<SuccessBodyOf<"list-deal-changes">>>;
export type DealSummary = DataOf<SuccessBodyOf<"get-deal-summary">>;
export type DealForecast = DataOf<SuccessBodyOf<"get-deal-forecast">>;
export type BatchDealCreate = BodyOf<"batch-create-deals">;
export type BatchDealUpdate = BodyOf<"batch-update-deals">;
export type BatchDealDelete = BodyOf<"batch-delete-deals">;
export type BatchDealRead = BodyOf<"batch-read-deals">;

export type Pipeline = DataOf<SuccessBodyOf<"get-pipeline">>;
export type PipelineCreate = BodyOf<"create-pipeline">;
export type PipelineUpdate = BodyOf<"update-pipeline">;
export type Stage = ItemOf<DataOf<SuccessBodyOf<"list-stages">>>;
export type StageCreate = BodyOf<"create-stage">;
export type StageUpdate = BodyOf<"update-stage">;

export type Account = DataOf<SuccessBodyOf<"get-account">>;
export type AccountCreate = BodyOf<"create-account">;
export type AccountUpdate = BodyOf<"update-account">;
export type Contact = DataOf<SuccessBodyOf<"get-contact">>;
export type ContactCreate = BodyOf<"create-contact">;
export type ContactUpdate = BodyOf<"update-contact">;
export type User = DataOf<SuccessBodyOf<"get-user">>;
export type UserCreate = BodyOf<"create-user">;
export type UserUpdate = BodyOf<"update-user">;

export type Application = DataOf<SuccessBodyOf<"get-application">>;
export type ApplicationCreate = BodyOf<"create-application">;
export type ApplicationUpdate = BodyOf<"update-application">;
export type ApiKey = ItemOf<DataOf<SuccessBodyOf<"list-application-keys">>>;
export type NewApiKey = DataOf<SuccessBodyOf<"create-application-key">>;
export type ApiKeyCreate = BodyOf<"create-application-key">;

export type DealEvent = ItemOf<DataOf<SuccessBodyOf<"list-events">>>;
export type EventListQuery = QueryOf<"list-events">;
export type Webhook = DataOf<SuccessBodyOf<"get-webhook">>;
export type WebhookWithSecret = DataOf<SuccessBodyOf<"create-webhook">>;
export type WebhookCreate = BodyOf<"create-webhook">;
export type WebhookUpdate = BodyOf<"update-webhook">;
export type WebhookDelivery = DataOf<SuccessBodyOf<"test-webhook">>;

export type DocumentedDeal = DataOf<SuccessBodyOf<"documented-get-deal">>;
export type DocumentedDealCreate = BodyOf<"documented-create-deal">;
export type DocumentedDealUpdate = BodyOf<"documented-update-deal">;
export type DocumentedStageMove = BodyOf<"documented-update-deal-stage">;

export type TokenResponse = SuccessBodyOf<"issue-token">;
