import { ApiError } from "./errors.js";
import { OPERATIONS, type OperationId, type SuccessBodyOf } from "./operations.js";

/**
 * How a list goes into a query string: `comma` sends `include=account,owner`, `repeated` sends
 * `include=account&include=owner`.
 */
export type ListParameterStyle = "comma" | "repeated";

/**
 * The API accepts only the comma-joined form today. Once it accepts the repeated form too
 * (issue 18's contract change), this default can become `repeated`, the form generated clients
 * send; `createClient({ listParameters })` overrides it per client.
 */
export const DEFAULT_LIST_PARAMETER_STYLE: ListParameterStyle = "repeated";

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/** Adds one query parameter; the only place that knows how lists are spelled. */
export function appendQueryParameter(
  query: URLSearchParams,
  name: string,
  value: QueryValue,
  listStyle: ListParameterStyle,
): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    query.append(name, String(value));
    return;
  }
  // An empty list is sent as `name=`: `include=` embeds nothing, whereas leaving the parameter
  // out means the endpoint's default (a single deal embeds everything).
  if (value.length === 0 || listStyle === "comma") {
    query.append(name, value.map(String).join(","));
    return;
  }
  for (const item of value) query.append(name, String(item));
}

export function queryString(parameters: object | undefined, listStyle: ListParameterStyle): string {
  if (parameters === undefined) return "";
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    appendQueryParameter(query, name, value as QueryValue, listStyle);
  }
  const text = query.toString();
  return text === "" ? "" : `?${text}`;
}

export type TokenSource = string | (() => string | Promise<string>);

export interface ClientOptions {
  /** Where the API is: `http://127.0.0.1:3000` locally, the API Gateway URL deployed. */
  baseUrl: string;
  /** A JWT or API key (`dk_…`), or a function answering one (called for every request). */
  token?: TokenSource;
  /** Another `fetch` (a test double, a proxy-aware one); the global one by default. */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  listParameters?: ListParameterStyle;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
}

export interface IfMatchOptions extends RequestOptions {
  /** Only if the object is at this version: an ETag as received (`"3"`) or the version number. */
  ifMatch?: string | number;
}

export interface IdempotencyOptions extends RequestOptions {
  /** A repeat with the same key and body within 24 h answers the first response again. */
  idempotencyKey?: string;
}

export interface ResponseMeta {
  status: number;
  /** The `ETag` header (`"3"`), to pass back as `ifMatch`. */
  etag: string | undefined;
  requestId: string | undefined;
  headers: Headers;
}

/** An operation's JSON body with the response's status and headers beside it. */
export type ApiResult<Body> = Body & ResponseMeta;

export interface SendInput {
  path?: Record<string, string>;
  query?: object | undefined;
  body?: unknown;
  /** A form body (`application/x-www-form-urlencoded`) instead of JSON. */
  form?: Record<string, string>;
  options?: (RequestOptions & { ifMatch?: string | number; idempotencyKey?: string }) | undefined;
  /** Sends this Authorization header instead of the client's token. */
  authorization?: string;
  /** Statuses outside 2xx that are answers rather than errors (304 of a conditional GET). */
  acceptStatuses?: readonly number[];
}

export function ifMatchHeader(ifMatch: string | number): string {
  return typeof ifMatch === "number" ? `"${ifMatch}"` : ifMatch;
}

export function expandPath(template: string, parameters: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}

export class Transport {
  readonly #baseUrl: string;
  readonly #token: TokenSource | undefined;
  readonly #fetch: typeof fetch;
  readonly #headers: Record<string, string>;
  readonly listStyle: ListParameterStyle;

  constructor(options: ClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#headers = options.headers ?? {};
    this.listStyle = options.listParameters ?? DEFAULT_LIST_PARAMETER_STYLE;
  }

  url(operation: OperationId, path?: Record<string, string>, query?: object): string {
    const [, template] = OPERATIONS[operation];
    return `${this.#baseUrl}${expandPath(template, path)}${queryString(query, this.listStyle)}`;
  }

  async send<O extends OperationId>(operation: O, input: SendInput = {}): Promise<ApiResult<SuccessBodyOf<O>>> {
    const { body, meta } = await this.exchange(operation, input);
    return Object.assign(isRecord(body) ? body : {}, meta) as ApiResult<SuccessBodyOf<O>>;
  }

  /** One request: the parsed body (undefined when empty) and the response's metadata. */
  async exchange(operation: OperationId, input: SendInput = {}): Promise<{ body: unknown; meta: ResponseMeta }> {
    const [method] = OPERATIONS[operation];
    const headers = new Headers(this.#headers);
    headers.set("accept", "application/json");
    const authorization = input.authorization ?? (await this.#authorization());
    if (authorization !== undefined) headers.set("authorization", authorization);
    const options = input.options;
    if (options?.ifMatch !== undefined) headers.set("if-match", ifMatchHeader(options.ifMatch));
    if (options?.idempotencyKey !== undefined) headers.set("idempotency-key", options.idempotencyKey);
    for (const [name, value] of Object.entries(options?.headers ?? {})) headers.set(name, value);

    const init: RequestInit = { method, headers };
    if (input.form !== undefined) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      init.body = new URLSearchParams(input.form).toString();
    } else if (input.body !== undefined) {
      headers.set("content-type", "application/json");
      init.body = JSON.stringify(input.body);
    }

    if (options?.signal !== undefined) init.signal = options.signal;
    const response = await this.#fetch(this.url(operation, input.path, input.query), init);
    const parsed = await readBody(response);
    const accepted = response.ok || (input.acceptStatuses ?? []).includes(response.status);
    if (!accepted) throw ApiError.fromResponse(response.status, response.headers, parsed);
    const meta: ResponseMeta = {
      status: response.status,
      etag: response.headers.get("etag") ?? undefined,
      requestId: response.headers.get("x-request-id") ?? undefined,
      headers: response.headers,
    };
    return { body: parsed, meta };
  }

  async #authorization(): Promise<string | undefined> {
    if (this.#token === undefined) return undefined;
    const token = typeof this.#token === "function" ? await this.#token() : this.#token;
    return `Bearer ${token}`;
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
