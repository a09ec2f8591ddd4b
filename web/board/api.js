// The Deals API over fetch: the board's only way to its data (see openapi.json).

/** A refusal in the API's error envelope: status, code, message, details [{field, message}]. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message ?? `The API answered ${status}`);
    this.status = status;
    this.code = error.code ?? 'HTTP_' + status;
    this.details = Array.isArray(error.details) ? error.details : [];
    this.requestId = error.request_id ?? null;
  }
}

export class Api {
  /** `baseUrl` is the API's origin (and any path prefix before /api/v1/crm). */
  constructor(baseUrl, token) {
    this.root = baseUrl.replace(/\/+$/, '') + '/api/v1/crm';
    this.token = token;
  }

  async request(method, path, { query, body, ifMatch } = {}) {
    const url = new URL(this.root + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
    }
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }

  pipelines() {
    return this.request('GET', '/pipelines').then((page) => page.data);
  }

  summary(pipelineId, ownerId) {
    return this.request('GET', '/deals/summary', {
      query: { pipeline_id: pipelineId, owner_id: ownerId },
    }).then((answer) => answer.data);
  }

  /** One page of a column: `{data, pagination}`; `filters` are list parameters as the API names them. */
  deals(filters, cursor) {
    return this.request('GET', '/deals', {
      query: { ...filters, include: 'account,owner', limit: 20, cursor },
    });
  }

  deal(id) {
    return this.request('GET', `/deals/${encodeURIComponent(id)}`).then((answer) => answer.data);
  }

  createDeal(fields) {
    return this.request('POST', '/deals', { body: fields }).then((answer) => answer.data);
  }

  updateDeal(id, version, fields) {
    return this.request('PATCH', `/deals/${encodeURIComponent(id)}`, {
      body: fields,
      ifMatch: version,
    }).then((answer) => answer.data);
  }

  /** `PATCH /deals/{id}/stage`, pinned to the version the board showed. */
  moveDeal(id, version, stage, loss) {
    return this.request('PATCH', `/deals/${encodeURIComponent(id)}/stage`, {
      body: { stage, ...loss },
      ifMatch: version,
    }).then((answer) => answer.data);
  }

  stageHistory(id) {
    return this.request('GET', `/deals/${encodeURIComponent(id)}/history`).then((page) => page.data);
  }

  fieldHistory(id) {
    return this.request('GET', `/deals/${encodeURIComponent(id)}/changes`).then((page) => page.data);
  }

  /** Every record of a collection (`users`, `accounts`, `contacts`), following cursors. */
  async all(collection) {
    const records = [];
    let cursor;
    do {
      const page = await this.request('GET', `/${collection}`, { query: { limit: 100, cursor } });
      records.push(...page.data);
      cursor = page.pagination?.has_more ? page.pagination.next_cursor : null;
    } while (cursor);
    return records;
  }

  events(after) {
    return this.request('GET', '/events', { query: { after, limit: 100, type: 'deal.*' } });
  }

  /** The feed's current end: page through to the last page and keep its cursor. */
  async eventsHead() {
    let after;
    for (;;) {
      const page = await this.events(after);
      after = page.pagination.next_cursor;
      if (!page.pagination.has_more) return after;
    }
  }
}
