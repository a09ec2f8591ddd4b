import type { components } from "./generated/openapi.js";

export type ErrorCode = components["schemas"]["ErrorCode"];

export interface FieldError {
  field: string;
  message: string;
}

/**
 * An answer outside 2xx. `code` is the envelope's (`VALIDATION_ERROR`, `CONFLICT`, …), an OAuth
 * error (`invalid_client`) on `/oauth/token`, or `HTTP_<status>` when the body is not the API's
 * envelope (API Gateway's own `{"message":"Not Found"}`, a proxy's HTML page).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  readonly details: FieldError[];
  readonly requestId: string | undefined;
  /** The parsed body as received (or its text when it is not JSON). */
  readonly body: unknown;
  readonly headers: Headers;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: FieldError[];
    requestId?: string | undefined;
    body?: unknown;
    headers?: Headers;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.body = init.body;
    this.headers = init.headers ?? new Headers();
  }

  /** The first detail naming `field`, if any. */
  detail(field: string): FieldError | undefined {
    return this.details.find((detail) => detail.field === field);
  }

  /** Reads the error out of a response body: the API's envelope, OAuth's, or neither. */
  static fromResponse(status: number, headers: Headers, body: unknown): ApiError {
    const headerRequestId = headers.get("x-request-id") ?? undefined;
    if (isObject(body) && isObject(body.error)) {
      const envelope = body.error;
      return new ApiError({
        status,
        code: typeof envelope.code === "string" ? envelope.code : `HTTP_${status}`,
        message: typeof envelope.message === "string" ? envelope.message : `HTTP ${status}`,
        details: Array.isArray(envelope.details) ? envelope.details.filter(isFieldError) : [],
        requestId: typeof envelope.request_id === "string" ? envelope.request_id : headerRequestId,
        body,
        headers,
      });
    }
    if (isObject(body) && typeof body.error === "string") {
      return new ApiError({
        status,
        code: body.error,
        message: typeof body.error_description === "string" ? body.error_description : body.error,
        requestId: typeof body.request_id === "string" ? body.request_id : headerRequestId,
        body,
        headers,
      });
    }
    const message = isObject(body) && typeof body.message === "string" ? body.message : `HTTP ${status}`;
    return new ApiError({ status, code: `HTTP_${status}`, message, requestId: headerRequestId, body, headers });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is FieldError {
  return isObject(value) && typeof value.field === "string" && typeof value.message === "string";
}
