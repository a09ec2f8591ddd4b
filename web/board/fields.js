// Deal fields as forms show them: one row per field, read back into the API's JSON, and the
// API's validation messages shown next to the fields they name.

/** Every field a deal's PATCH accepts, beside its stage (moved on the board). */
export const DEAL_FIELDS = [
  { name: 'name', label: 'Name', kind: 'text' },
  { name: 'value', label: 'Value', kind: 'number' },
  { name: 'currency', label: 'Currency', kind: 'text' },
  { name: 'probability', label: 'Probability (%)', kind: 'number' },
  { name: 'owner_id', label: 'Owner', kind: 'user' },
  { name: 'account_id', label: 'Account', kind: 'account' },
  { name: 'primary_contact_id', label: 'Primary contact', kind: 'contact' },
  { name: 'contact_ids', label: 'Contact ids (comma-separated)', kind: 'list' },
  { name: 'expected_close_date', label: 'Expected close date', kind: 'date' },
  { name: 'actual_close_date', label: 'Actual close date', kind: 'date' },
  { name: 'next_followup_date', label: 'Next follow-up (date or date-time)', kind: 'text' },
  { name: 'forecast_category', label: 'Forecast category', kind: 'text' },
  { name: 'deal_type', label: 'Deal type', kind: 'text' },
  { name: 'deal_source', label: 'Deal source', kind: 'text' },
  { name: 'tags', label: 'Tags (comma-separated)', kind: 'list' },
  { name: 'competitors', label: 'Competitors (comma-separated)', kind: 'list' },
  { name: 'quote_ids', label: 'Quote ids', kind: 'list' },
  { name: 'proposal_ids', label: 'Proposal ids', kind: 'list' },
  { name: 'attachment_refs', label: 'Attachments', kind: 'list' },
  { name: 'rfp_record_id', label: 'RFP record id', kind: 'text' },
  { name: 'linked_task_ids', label: 'Linked task ids', kind: 'list' },
  { name: 'loss_reason', label: 'Loss reason', kind: 'textarea' },
  { name: 'loss_category', label: 'Loss category', kind: 'text' },
  { name: 'closure_notes', label: 'Closure notes', kind: 'textarea' },
  { name: 'custom_fields', label: 'Custom fields (JSON object)', kind: 'json' },
];

/** What the new-deal form asks; `stage` is one of the pipeline's. */
export const NEW_DEAL_FIELDS = ['name', 'value', 'currency', 'stage', 'owner_id', 'account_id', 'expected_close_date', 'tags'];

const STAGE_FIELD = { name: 'stage', label: 'Stage', kind: 'stage' };

export function fieldSpec(name) {
  return name === 'stage' ? STAGE_FIELD : DEAL_FIELDS.find((field) => field.name === name);
}

/**
 * The rows of `specs` into `container`, filled from `deal`. `choices` has `users`, `accounts`,
 * `contacts` and `stages` for the select fields.
 */
export function renderFields(container, specs, deal, choices, prefix) {
  container.replaceChildren(
    ...specs.map((spec) => {
      const id = `${prefix}-${spec.name}`;
      const row = document.createElement('div');
      row.className = 'field';
      row.dataset.field = spec.name;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = spec.label;
      const input = inputFor(spec, choices);
      input.id = id;
      input.name = spec.name;
      input.setAttribute('aria-describedby', `${id}-error`);
      input.value = display(spec, deal?.[spec.name]);
      const error = document.createElement('p');
      error.className = 'error';
      error.id = `${id}-error`;
      row.append(label, input, error);
      return row;
    }),
  );
}

function inputFor(spec, choices) {
  const options = {
    user: () => [['', 'Nobody'], ...choices.users.map((user) => [user.id, user.full_name])],
    account: () => [['', 'None'], ...choices.accounts.map((account) => [account.id, account.name])],
    contact: () => [['', 'None'], ...choices.contacts.map((c) => [c.id, [c.first_name, c.last_name].filter(Boolean).join(' ')])],
    stage: () => choices.stages.map((stage) => [stage.id, stage.name]),
  }[spec.kind];
  if (options) {
    const select = document.createElement('select');
    for (const [value, text] of options()) select.add(new Option(text, value));
    return select;
  }
  if (spec.kind === 'textarea' || spec.kind === 'json') {
    const area = document.createElement('textarea');
    area.rows = spec.kind === 'json' ? 4 : 3;
    return area;
  }
  const input = document.createElement('input');
  input.type = spec.kind === 'date' ? 'date' : 'text';
  if (spec.kind === 'number') input.inputMode = 'decimal';
  return input;
}

function display(spec, value) {
  if (value === null || value === undefined) return '';
  if (spec.kind === 'list') return value.join(', ');
  if (spec.kind === 'json') return Object.keys(value).length ? JSON.stringify(value, null, 2) : '';
  return String(value);
}

/** The form's value of one field as the API takes it (`null` clears; text it cannot read is sent as typed, for the API to name). */
function read(spec, text) {
  const trimmed = text.trim();
  switch (spec.kind) {
    case 'number':
      return trimmed === '' ? null : Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
    case 'list':
      return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim()).filter(Boolean);
    case 'json':
      if (trimmed === '') return {};
      try {
        return JSON.parse(trimmed);
      } catch {
        return trimmed;
      }
    default:
      return trimmed === '' ? null : trimmed;
  }
}

/** The fields of `form` that differ from `deal` (all given ones when there is no deal). */
export function changedFields(form, specs, deal) {
  const changes = {};
  for (const spec of specs) {
    const element = form.elements.namedItem(spec.name);
    if (!element) continue;
    const value = read(spec, element.value);
    if (deal) {
      if (JSON.stringify(value) !== JSON.stringify(normalised(spec, deal[spec.name]))) changes[spec.name] = value;
    } else if (value !== null && !(Array.isArray(value) && value.length === 0)) {
      changes[spec.name] = value;
    }
  }
  return changes;
}

function normalised(spec, value) {
  if (spec.kind === 'list') return value ?? [];
  if (spec.kind === 'json') return value ?? {};
  return value ?? null;
}

/** The API's `details` next to the fields they name; the rest (and the message) under the form. */
export function showErrors(form, error) {
  clearErrors(form);
  const unplaced = [];
  for (const detail of error.details ?? []) {
    const row = form.querySelector(`[data-field="${CSS.escape(detail.field)}"], .field:has(> [name="${CSS.escape(detail.field)}"])`);
    const slot = row?.querySelector('.error');
    if (slot) {
      slot.textContent = detail.message;
      row.querySelector('[name]')?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${detail.field}: ${detail.message}`);
    }
  }
  const general = form.querySelector('.form-error');
  if (general) general.textContent = unplaced.length || !error.details?.length ? [error.message, ...unplaced].join(' · ') : '';
  form.querySelector('[aria-invalid="true"]')?.focus();
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.error')) slot.textContent = '';
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
}
