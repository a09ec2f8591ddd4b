import type { QueryOf } from "./operations.js";
import {
  Transport,
  type ApiResult,
  type ClientOptions,
  type IdempotencyOptions,
  type IfMatchOptions,
  type RequestOptions,
  type ResponseMeta,
} from "./transport.js";
import type {
  AccountCreate,
  AccountUpdate,
  ApiKeyCreate,
  ApplicationCreate,
  ApplicationUpdate,
  BatchDealCreate,
  BatchDealDelete,
  BatchDealRead,
  BatchDealUpdate,
  ContactCreate,
  ContactUpdate,
  DealCreate,
  DealFilters,
  DealListQuery,
  DealMerge,
  DealStageMove,
  DealUpdate,
  DocumentedDealCreate,
  DocumentedDealUpdate,
  DocumentedStageMove,
  EventListQuery,
  PipelineCreate,
  PipelineUpdate,
  StageCreate,
  StageUpdate,
  UserCreate,
  UserUpdate,
  WebhookCreate,
  WebhookUpdate,
} from "./types.js";

interface Page<Item> {
  data: readonly Item[];
  pagination: { has_more: boolean; next_cursor?: string | null | undefined };
}

/** Every item of every page, asking for the next page with the last one's `next_cursor`. */
export async function* followCursor<Item>(
  fetchPage: (cursor: string | undefined) => Promise<Page<Item>>,
): AsyncGenerator<Item, void, undefined> {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.data;
    const next = page.pagination.next_cursor;
    if (!page.pagination.has_more || next === undefined || next === null) return;
    cursor = next;
  }
}

/** The query of the page that `cursor` names (the first page without one). */
function withCursor<Query extends object>(query: Query | undefined, cursor: string | undefined): Query {
  return (cursor === undefined ? { ...query } : { ...query, cursor }) as Query;
}

/** `/deals`: the CRM's deals, their stage moves, batches, history, board totals and forecast. */
export class Deals {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** One page; `pagination.next_cursor` asks for the next. Filters as `"value[gte]": 1000`. */
  list(query?: DealListQuery, options?: RequestOptions) {
    return this.#transport.send("list-deals", { query, options });
  }

  /** Every deal matching the filters, page after page (`limit` sets the page size). */
  iterate(filters?: DealFilters, options?: RequestOptions) {
    return followCursor((cursor) => this.list(withCursor(filters, cursor), options));
  }

  get(id: string, query?: QueryOf<"get-deal">, options?: RequestOptions) {
    return this.#transport.send("get-deal", { path: { id }, query, options });
  }

  create(body: DealCreate, options?: IdempotencyOptions) {
    return this.#transport.send("create-deal", { body, options });
  }

  update(id: string, body: DealUpdate, options?: IfMatchOptions) {
    return this.#transport.send("update-deal", { path: { id }, body, options });
  }

  moveStage(id: string, body: DealStageMove, options?: IfMatchOptions) {
    return this.#transport.send("update-deal-stage", { path: { id }, body, options });
  }

  /** Soft delete: restorable for 90 days. */
  delete(id: string, options?: IfMatchOptions) {
    return this.#transport.send("delete-deal", { path: { id }, options });
  }

  /** The recycle bin is `list({ deleted: true })`. */
  restore(id: string, query?: QueryOf<"restore-deal">, options?: IfMatchOptions) {
    return this.#transport.send("restore-deal", { path: { id }, query, options });
  }

  /** Absorbs `body.from` into `id`, which is kept and answered. */
  merge(id: string, body: DealMerge, options?: IfMatchOptions) {
    return this.#transport.send("merge-deals", { path: { id }, body, options });
  }

  batchCreate(body: BatchDealCreate, options?: IdempotencyOptions) {
    return this.#transport.send("batch-create-deals", { body, options });
  }

  batchUpdate(body: BatchDealUpdate, options?: RequestOptions) {
    return this.#transport.send("batch-update-deals", { body, options });
  }

  batchDelete(body: BatchDealDelete, options?: RequestOptions) {
    return this.#transport.send("batch-delete-deals", { body, options });
  }

  batchRead(body: BatchDealRead, options?: RequestOptions) {
    return this.#transport.send("batch-read-deals", { body, options });
  }

  /** Every stage change, oldest first. */
  history(id: string, query?: QueryOf<"list-deal-history">, options?: RequestOptions) {
    return this.#transport.send("list-deal-history", { path: { id }, query, options });
  }

  /** The field history, newest first. */
  changes(id: string, query?: QueryOf<"list-deal-changes">, options?: RequestOptions) {
    return this.#transport.send("list-deal-changes", { path: { id }, query, options });
  }

  /** A pipeline's board totals per stage. */
  summary(query?: QueryOf<"get-deal-summary">, options?: RequestOptions) {
    return this.#transport.send("get-deal-summary", { query, options });
  }

  /** Open and won value by month of expected close date. */
  forecast(query?: QueryOf<"get-deal-forecast">, options?: RequestOptions) {
    return this.#transport.send("get-deal-forecast", { query, options });
  }
}

export class Pipelines {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(options?: RequestOptions) {
    return this.#transport.send("list-pipelines", { options });
  }

  get(id: string, options?: RequestOptions) {
    return this.#transport.send("get-pipeline", { path: { id }, options });
  }

  create(body: PipelineCreate, options?: RequestOptions) {
    return this.#transport.send("create-pipeline", { body, options });
  }

  update(id: string, body: PipelineUpdate, options?: RequestOptions) {
    return this.#transport.send("update-pipeline", { path: { id }, body, options });
  }

  delete(id: string, options?: RequestOptions) {
    return this.#transport.send("delete-pipeline", { path: { id }, options });
  }
}

/** Stages: all of them, or one pipeline's, and their changes. */
export class Stages {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Every stage of the tenant, by pipeline then position. */
  list(options?: RequestOptions) {
    return this.#transport.send("list-stages", { options });
  }

  listOfPipeline(pipelineId: string, options?: RequestOptions) {
    return this.#transport.send("list-pipeline-stages", { path: { id: pipelineId }, options });
  }

  create(pipelineId: string, body: StageCreate, options?: RequestOptions) {
    return this.#transport.send("create-stage", { path: { id: pipelineId }, body, options });
  }

  update(pipelineId: string, stageId: string, body: StageUpdate, options?: RequestOptions) {
    return this.#transport.send("update-stage", { path: { id: pipelineId, stage_id: stageId }, body, options });
  }

  delete(pipelineId: string, stageId: string, query?: QueryOf<"delete-stage">, options?: RequestOptions) {
    return this.#transport.send("delete-stage", { path: { id: pipelineId, stage_id: stageId }, query, options });
  }
}

export class Accounts {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(query?: QueryOf<"list-accounts">, options?: RequestOptions) {
    return this.#transport.send("list-accounts", { query, options });
  }

  iterate(query?: Omit<QueryOf<"list-accounts">, "cursor">, options?: RequestOptions) {
    return followCursor((cursor) => this.list(withCursor(query, cursor), options));
  }

  get(id: string, options?: RequestOptions) {
    return this.#transport.send("get-account", { path: { id }, options });
  }

  create(body: AccountCreate, options?: RequestOptions) {
    return this.#transport.send("create-account", { body, options });
  }

  update(id: string, body: AccountUpdate, options?: IfMatchOptions) {
    return this.#transport.send("update-account", { path: { id }, body, options });
  }

  delete(id: string, query?: QueryOf<"delete-account">, options?: RequestOptions) {
    return this.#transport.send("delete-account", { path: { id }, query, options });
  }
}

export class Contacts {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(query?: QueryOf<"list-contacts">, options?: RequestOptions) {
    return this.#transport.send("list-contacts", { query, options });
  }

  iterate(query?: Omit<QueryOf<"list-contacts">, "cursor">, options?: RequestOptions) {
    return followCursor((cursor) => this.list(withCursor(query, cursor), options));
  }

  get(id: string, options?: RequestOptions) {
    return this.#transport.send("get-contact", { path: { id }, options });
  }

  create(body: ContactCreate, options?: RequestOptions) {
    return this.#transport.send("create-contact", { body, options });
  }

  update(id: string, body: ContactUpdate, options?: IfMatchOptions) {
    return this.#transport.send("update-contact", { path: { id }, body, options });
  }

  delete(id: string, query?: QueryOf<"delete-contact">, options?: RequestOptions) {
    return this.#transport.send("delete-contact", { path: { id }, query, options });
  }
}

export class Users {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(query?: QueryOf<"list-users">, options?: RequestOptions) {
    return this.#transport.send("list-users", { query, options });
  }

  iterate(query?: Omit<QueryOf<"list-users">, "cursor">, options?: RequestOptions) {
    return followCursor((cursor) => this.list(withCursor(query, cursor), options));
  }

  get(id: string, options?: RequestOptions) {
    return this.#transport.send("get-user", { path: { id }, options });
  }

  create(body: UserCreate, options?: RequestOptions) {
    return this.#transport.send("create-user", { body, options });
  }

  update(id: string, body: UserUpdate, options?: IfMatchOptions) {
    return this.#transport.send("update-user", { path: { id }, body, options });
  }

  delete(id: string, query?: QueryOf<"delete-user">, options?: RequestOptions) {
    return this.#transport.send("delete-user", { path: { id }, query, options });
  }
}

/** An application's API keys: the key itself is in `create`'s answer only. */
export class ApplicationKeys {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(applicationId: string, options?: RequestOptions) {
    return this.#transport.send("list-application-keys", { path: { id: applicationId }, options });
  }

  create(applicationId: string, body: ApiKeyCreate = {}, options?: RequestOptions) {
    return this.#transport.send("create-application-key", { path: { id: applicationId }, body, options });
  }

  /** Revokes the key. */
  delete(applicationId: string, keyId: string, options?: RequestOptions) {
    return this.#transport.send("delete-application-key", {
      path: { id: applicationId, key_id: keyId },
      options,
    });
  }
}

export class Applications {
  readonly #transport: Transport;
  readonly keys: ApplicationKeys;
  constructor(transport: Transport) {
    this.#transport = transport;
    this.keys = new ApplicationKeys(transport);
  }

  list(query?: QueryOf<"list-applications">, options?: RequestOptions) {
    return this.#transport.send("list-applications", { query, options });
  }

  iterate(query?: Omit<QueryOf<"list-applications">, "cursor">, options?: RequestOptions) {
    return followCursor((cursor) => this.list(withCursor(query, cursor), options));
  }

  get(id: string, options?: RequestOptions) {
    return this.#transport.send("get-application", { path: { id }, options });
  }

  create(body: ApplicationCreate, options?: RequestOptions) {
    return this.#transport.send("create-application", { body, options });
  }

  update(id: string, body: ApplicationUpdate, options?: IfMatchOptions) {
    return this.#transport.send("update-application", { path: { id }, body, options });
  }

  /** Deletes the application and revokes its keys. */
  delete(id: string, options?: IfMatchOptions) {
    return this.#transport.send("delete-application", { path: { id }, options });
  }
}

/** `/events`: the change feed, oldest first. */
export class Events {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** One page; keep `pagination.next_cursor` (on every page) and pass it as `after` next time. */
  list(query?: EventListQuery, options?: RequestOptions) {
    return this.#transport.send("list-events", { query, options });
  }

  /** Every event after `query.after` (or from the start) up to now. */
  iterate(query?: EventListQuery, options?: RequestOptions) {
    return followCursor((cursor) =>
      this.list(cursor === undefined ? query : { ...query, after: cursor }, options),
    );
  }
}

export class Webhooks {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(options?: RequestOptions) {
    return this.#transport.send("list-webhooks", { options });
  }

  get(id: string, options?: RequestOptions) {
    return this.#transport.send("get-webhook", { path: { id }, options });
  }

  /** The answer carries the signing `secret`, this once. */
  create(body: WebhookCreate, options?: RequestOptions) {
    return this.#transport.send("create-webhook", { body, options });
  }

  /** `{ rotate_secret: true }` answers a new secret, once. */
  update(id: string, body: WebhookUpdate, options?: IfMatchOptions) {
    return this.#transport.send("update-webhook", { path: { id }, body, options });
  }

  delete(id: string, options?: IfMatchOptions) {
    return this.#transport.send("delete-webhook", { path: { id }, options });
  }

  /** Deliveries, newest first, each with every attempt. */
  deliveries(id: string, query?: QueryOf<"list-webhook-deliveries">, options?: RequestOptions) {
    return this.#transport.send("list-webhook-deliveries", { path: { id }, query, options });
  }

  iterateDeliveries(id: string, query?: Omit<QueryOf<"list-webhook-deliveries">, "cursor">, options?: RequestOptions) {
    return followCursor((cursor) => this.deliveries(id, withCursor(query, cursor), options));
  }

  /** Sends a delivery again now; answers it with that attempt. */
  retryDelivery(id: string, deliveryId: string, options?: RequestOptions) {
    return this.#transport.send("retry-webhook-delivery", { path: { id, delivery_id: deliveryId }, options });
  }

  /** Sends a `webhook.test` event now; answers its delivery. */
  test(id: string, options?: RequestOptions) {
    return this.#transport.send("test-webhook", { path: { id }, options });
  }
}

/** `/api-v1-deals`: the deals in the documented API's shape (`title`, `stage_id`, …). */
export class DocumentedDeals {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(query?: QueryOf<"documented-list-deals">, options?: RequestOptions) {
    return this.#transport.send("documented-list-deals", { query, options });
  }

  iterate(query?: Omit<QueryOf<"documented-list-deals">, "cursor" | "page" | "per_page">, options?: RequestOptions) {
    return followCursor((cursor) => this.list(withCursor(query, cursor), options));
  }

  get(id: string, query?: QueryOf<"documented-get-deal">, options?: RequestOptions) {
    return this.#transport.send("documented-get-deal", { path: { id }, query, options });
  }

  create(body: DocumentedDealCreate, options?: IdempotencyOptions) {
    return this.#transport.send("documented-create-deal", { body, options });
  }

  update(id: string, body: DocumentedDealUpdate, options?: IfMatchOptions) {
    return this.#transport.send("documented-update-deal", { path: { id }, body, options });
  }

  moveStage(id: string, body: DocumentedStageMove, options?: IfMatchOptions) {
    return this.#transport.send("documented-update-deal-stage", { path: { id }, body, options });
  }

  delete(id: string, options?: IfMatchOptions) {
    return this.#transport.send("documented-delete-deal", { path: { id }, options });
  }
}

export interface ClientCredentials {
  /** The application's id. */
  clientId: string;
  /** One of its API keys (`dk_…`). */
  clientSecret: string;
  /** Space-separated scopes, a subset of the application's. */
  scope?: string;
}

export class OAuth {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** OAuth 2 client credentials: an application's API key for a 15-minute JWT. */
  token(credentials: ClientCredentials, options?: RequestOptions) {
    const form: Record<string, string> = { grant_type: "client_credentials" };
    if (credentials.scope !== undefined) form.scope = credentials.scope;
    const basic = btoa(`${credentials.clientId}:${credentials.clientSecret}`);
    return this.#transport.send("issue-token", { form, options, authorization: `Basic ${basic}` });
  }
}

export interface OpenApiDocument extends ResponseMeta {
  /** The document; undefined when `ifNoneMatch` named the current one (304). */
  document: Record<string, unknown> | undefined;
}

export interface DealsApiClient {
  deals: Deals;
  pipelines: Pipelines;
  stages: Stages;
  accounts: Accounts;
  contacts: Contacts;
  users: Users;
  applications: Applications;
  events: Events;
  webhooks: Webhooks;
  /** The documented view, `/api-v1-deals`. */
  documentedDeals: DocumentedDeals;
  oauth: OAuth;
  /** `GET /openapi.json`; `ifNoneMatch` with a previous answer's `etag` may answer 304. */
  openapi(options?: RequestOptions & { ifNoneMatch?: string }): Promise<OpenApiDocument>;
}

export function createClient(options: ClientOptions): DealsApiClient {
  const transport = new Transport(options);
  return {
    deals: new Deals(transport),
    pipelines: new Pipelines(transport),
    stages: new Stages(transport),
    accounts: new Accounts(transport),
    contacts: new Contacts(transport),
    users: new Users(transport),
    applications: new Applications(transport),
    events: new Events(transport),
    webhooks: new Webhooks(transport),
    documentedDeals: new DocumentedDeals(transport),
    oauth: new OAuth(transport),
    async openapi(requestOptions) {
      const { ifNoneMatch, ...rest } = requestOptions ?? {};
      const headers = { ...rest.headers, ...(ifNoneMatch === undefined ? {} : { "if-none-match": ifNoneMatch }) };
      const { body, meta } = await transport.exchange("get-openapi", {
        options: { ...rest, headers },
        acceptStatuses: [304],
      });
      const document = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
      return { ...meta, document };
    },
  };
}

export type { ApiResult };
