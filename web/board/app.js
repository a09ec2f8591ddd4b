// The pipeline board: one column per stage of a pipeline, its totals from /deals/summary, its
// cards from cursor pages of /deals, moves by PATCH /deals/{id}/stage with If-Match, and what
// changed elsewhere from the /events feed.

import { Api, ApiError } from './api.js';
import { adoptTokenFromAddress, currentSession, forgetToken, saveSession, servedLocally, storedApiUrl } from './session.js';
import { DEAL_FIELDS, NEW_DEAL_FIELDS, changedFields, clearErrors, fieldSpec, renderFields, showErrors } from './fields.js';

const POLL_MS = 1500;
const $ = (selector) => document.querySelector(selector);

const state = {
  api: null,
  pipelines: [],
  pipeline: null,
  /** stage id → {stage, deals: [deal], cursor, hasMore, element} */
  columns: new Map(),
  users: [],
  accounts: [],
  contacts: [],
  filters: { owner: '', search: '', stale: false },
  /** Deals whose move is on its way: the feed's news of them waits for its answer. */
  moving: new Set(),
  /** The deal the drawer shows, whose histories follow the feed. */
  drawerDealId: null,
  eventsCursor: null,
  /** Bumped whenever the columns are rebuilt: answers for an older board are dropped. */
  generation: 0,
};

// --- Starting: a session, then the board ------------------------------------------------------

async function start() {
  adoptTokenFromAddress();
  const session = currentSession();
  if (!session) return askToSignIn('');
  state.api = new Api(session.apiUrl, session.token);
  $('#sign-out').hidden = servedLocally() && !sessionStorage.getItem('deals.token');
  try {
    [state.pipelines, state.users, state.accounts, state.contacts] = await Promise.all([
      state.api.pipelines(),
      state.api.all('users'),
      state.api.all('accounts'),
      state.api.all('contacts').catch(() => []),
    ]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetToken();
      return askToSignIn(`The API refused the token: ${error.message}`);
    }
    return showMessage(`Cannot reach the API at ${session.apiUrl}: ${error.message}`);
  }
  fillFilters();
  $('#filters').hidden = false;
  const wanted = new URL(window.location.href).searchParams.get('pipeline');
  await openPipeline(state.pipelines.find((p) => p.id === wanted) ?? state.pipelines[0]);
  state.eventsCursor = await state.api.eventsHead().catch(() => null);
  $('#board').dataset.live = state.eventsCursor ? 'on' : 'off';
  pollEvents();
}

function askToSignIn(reason) {
  const form = $('#sign-in');
  form.hidden = false;
  form.elements.api_url.value = storedApiUrl() || (servedLocally() ? window.location.origin : '');
  $('#sign-in-reason').textContent = reason;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveSession(form.elements.api_url.value, form.elements.token.value);
    window.location.reload();
  }, { once: true });
}

function fillFilters() {
  const pipelines = $('#pipeline');
  pipelines.replaceChildren(...state.pipelines.map((p) => new Option(p.name, p.id)));
  const owners = $('#owner');
  for (const user of state.users) owners.add(new Option(user.full_name, user.id));
  pipelines.addEventListener('change', () => {
    const url = new URL(window.location.href);
    url.searchParams.set('pipeline', pipelines.value);
    window.history.replaceState(null, '', url);
    openPipeline(state.pipelines.find((p) => p.id === pipelines.value));
  });
  owners.addEventListener('change', () => setFilter('owner', owners.value));
  $('#stale').addEventListener('change', (event) => setFilter('stale', event.target.checked));
  let typing;
  $('#search').addEventListener('input', (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => setFilter('search', event.target.value.trim()), 300);
  });
  $('#filters').addEventListener('submit', (event) => event.preventDefault());
  $('#new-deal').addEventListener('click', openNewDeal);
  $('#sign-out').addEventListener('click', () => {
    forgetToken();
    window.location.reload();
  });
}

function setFilter(name, value) {
  state.filters[name] = value;
  openPipeline(state.pipeline);
}

// --- Columns ------------------------------------------------------------------------------------

async function openPipeline(pipeline) {
  state.pipeline = pipeline;
  $('#pipeline').value = pipeline.id;
  const generation = ++state.generation;
  const board = $('#board');
  board.setAttribute('aria-label', `Pipeline board: ${pipeline.name}`);
  state.columns.clear();
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  board.replaceChildren(...stages.map((stage, index) => columnElement(stage, index)));
  await Promise.all([refreshTotals(), ...stages.map((stage) => loadMore(stage.id, generation))]);
}

function columnElement(stage, index) {
  const section = document.createElement('section');
  section.className = 'column';
  section.dataset.stage = stage.id;
  section.dataset.kind = stage.kind;
  section.style.setProperty('--stage-color', stage.color);
  section.setAttribute('aria-labelledby', `column-${stage.id}`);
  section.innerHTML = `
    <header>
      <h2 id="column-${stage.id}"><span class="position" aria-hidden="true">${index + 1}</span> <span class="stage-name"></span></h2>
      <dl class="totals">
        <div><dt>Deals</dt><dd data-total="count">–</dd></div>
        <div><dt>Value</dt><dd data-total="value">–</dd></div>
        <div><dt>Weighted</dt><dd data-total="weighted">–</dd></div>
        <div class="stale-total"><dt>Stale</dt><dd data-total="stale">–</dd></div>
      </dl>
    </header>
    <ul class="cards" role="list"></ul>
    <button type="button" class="more" hidden>Load more</button>`;
  section.querySelector('.stage-name').textContent = stage.name;
  section.querySelector('.cards').setAttribute('aria-label', `Deals in ${stage.name}`);
  const column = { stage, deals: [], cursor: null, hasMore: false, loading: false, element: section };
  state.columns.set(stage.id, column);
  section.querySelector('.more').addEventListener('click', () => loadMore(stage.id, state.generation));
  // Long columns load their next page as the end of their list scrolls into view.
  column.endObserver = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && column.hasMore) loadMore(stage.id, state.generation);
  }, { root: section.querySelector('.cards') });
  section.addEventListener('dragover', (event) => {
    if (!event.dataTransfer.types.includes('application/x-deal-id')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    section.classList.add('drop-target');
  });
  section.addEventListener('dragleave', (event) => {
    if (!section.contains(event.relatedTarget)) section.classList.remove('drop-target');
  });
  section.addEventListener('drop', (event) => {
    event.preventDefault();
    section.classList.remove('drop-target');
    const id = event.dataTransfer.getData('application/x-deal-id');
    if (id) moveDeal(id, stage.id);
  });
  return section;
}

function listFilters(stageId) {
  const { owner, search, stale } = state.filters;
  return {
    pipeline_id: state.pipeline.id,
    stage: stageId,
    owner_id: owner,
    'name[like]': search,
    rotten: stale ? 'true' : undefined,
  };
}

function matchesFilters(deal) {
  const { owner, search, stale } = state.filters;
  return deal.pipeline_id === state.pipeline.id && !deal.is_deleted
    && (!owner || deal.owner_id === owner)
    && (!search || deal.name.toLowerCase().includes(search.toLowerCase()))
    && (!stale || deal.is_rotten);
}

async function loadMore(stageId, generation) {
  const column = state.columns.get(stageId);
  if (!column || column.loading || generation !== state.generation) return;
  column.loading = true;
  try {
    const page = await state.api.deals(listFilters(stageId), column.cursor ?? undefined);
    if (generation !== state.generation) return;
    const known = new Set(column.deals.map((deal) => deal.id));
    column.deals.push(...page.data.filter((deal) => !known.has(deal.id)));
    column.cursor = page.pagination.next_cursor;
    column.hasMore = Boolean(page.pagination.has_more && page.pagination.next_cursor);
    renderCards(column);
  } catch (error) {
    showMessage(`Could not load ${column.stage.name}: ${error.message}`);
  } finally {
    column.loading = false;
  }
}

async function refreshTotals() {
  const pipeline = state.pipeline;
  try {
    const summary = await state.api.summary(pipeline.id, state.filters.owner);
    if (pipeline !== state.pipeline) return;
    for (const totals of summary.stages) {
      const column = state.columns.get(totals.stage_id);
      if (!column) continue;
      const set = (name, text) => { column.element.querySelector(`[data-total="${name}"]`).textContent = text; };
      set('count', String(totals.count));
      set('value', money(totals.value));
      set('weighted', money(totals.weighted_value));
      set('stale', String(totals.rotten_count));
      column.element.classList.toggle('has-stale', totals.rotten_count > 0);
    }
  } catch (error) {
    showMessage(`Could not load the totals: ${error.message}`);
  }
}

function money(perCurrency) {
  const parts = Object.entries(perCurrency ?? {}).map(([currency, amount]) => formatMoney(amount, currency));
  return parts.length ? parts.join(' + ') : formatMoney(0, 'EUR');
}

function formatMoney(amount, currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

// --- Cards --------------------------------------------------------------------------------------

function renderCards(column) {
  const list = column.element.querySelector('.cards');
  // A live update re-renders the column under a keyboard user: the focus stays on its card.
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.dealId : null;
  list.replaceChildren(...column.deals.map((deal) => cardElement(deal)));
  if (focused) focusCard(focused);
  column.element.querySelector('.more').hidden = !column.hasMore;
  column.endObserver.disconnect();
  if (column.hasMore) {
    const end = document.createElement('li');
    end.className = 'list-end';
    end.setAttribute('aria-hidden', 'true');
    list.append(end);
    column.endObserver.observe(end);
  }
}

function cardElement(deal) {
  const item = document.createElement('li');
  const card = document.createElement('article');
  card.className = 'card';
  card.tabIndex = 0;
  card.draggable = true;
  card.dataset.dealId = deal.id;
  card.setAttribute('aria-describedby', 'card-help');
  const account = deal.included?.account?.name;
  const owner = deal.included?.owner?.full_name;
  card.setAttribute('aria-label', [deal.name, formatMoney(deal.value, deal.currency), account, deal.is_rotten ? 'stale' : null].filter(Boolean).join(', '));
  card.innerHTML = `
    <h3 class="name"></h3>
    <p class="value"></p>
    <dl class="facts"></dl>
    <ul class="tags" aria-label="Tags"></ul>`;
  card.querySelector('.name').textContent = deal.name;
  card.querySelector('.value').textContent = formatMoney(deal.value, deal.currency);
  const facts = card.querySelector('.facts');
  for (const [term, text] of [['Account', account], ['Owner', owner], ['Expected close', deal.expected_close_date]]) {
    if (!text) continue;
    const row = document.createElement('div');
    row.innerHTML = '<dt></dt><dd></dd>';
    row.querySelector('dt').textContent = term;
    row.querySelector('dd').textContent = text;
    facts.append(row);
  }
  const tags = card.querySelector('.tags');
  for (const tag of deal.tags ?? []) {
    const li = document.createElement('li');
    li.textContent = tag;
    tags.append(li);
  }
  if (!tags.children.length) tags.remove();
  if (deal.is_rotten) {
    const badge = document.createElement('span');
    badge.className = 'stale-badge';
    badge.textContent = 'Stale';
    badge.title = 'In this stage longer than its rotten days';
    card.querySelector('.name').after(badge);
  }
  card.addEventListener('dragstart', (event) => {
    event.dataTransfer.setData('application/x-deal-id', deal.id);
    event.dataTransfer.effectAllowed = 'move';
    card.classList.add('dragging');
  });
  card.addEventListener('dragend', () => card.classList.remove('dragging'));
  card.addEventListener('keydown', (event) => keyboardMove(event, deal.id));
  card.addEventListener('click', () => openDrawer(deal.id));
  item.append(card);
  return item;
}

function findDeal(id) {
  for (const column of state.columns.values()) {
    const index = column.deals.findIndex((deal) => deal.id === id);
    if (index >= 0) return { column, index, deal: column.deals[index] };
  }
  return null;
}

/** The deal as the API now has it, in its column (at `index`, or where it was, or first), or gone. */
function placeDeal(deal, index) {
  const found = findDeal(deal.id);
  if (found) {
    found.column.deals.splice(found.index, 1);
    renderCards(found.column);
  }
  const target = state.columns.get(deal.stage);
  if (!target || !matchesFilters(deal)) return;
  const at = index ?? (found && found.column === target ? found.index : 0);
  target.deals.splice(Math.min(at, target.deals.length), 0, deal);
  renderCards(target);
}

function focusCard(id) {
  document.querySelector(`.card[data-deal-id="${CSS.escape(id)}"]`)?.focus();
}

// --- Moves --------------------------------------------------------------------------------------

function keyboardMove(event, id) {
  if (event.target !== event.currentTarget) return;
  const found = findDeal(id);
  if (!found) return;
  const stages = [...state.columns.keys()];
  const here = stages.indexOf(found.deal.stage);
  let target;
  if (event.key === 'ArrowRight') target = stages[here + 1];
  else if (event.key === 'ArrowLeft') target = stages[here - 1];
  else if (/^[1-9]$/.test(event.key)) target = stages[Number(event.key) - 1];
  else if (event.key === 'Enter') {
    event.preventDefault();
    openDrawer(id);
    return;
  } else return;
  event.preventDefault();
  if (target && target !== found.deal.stage) moveDeal(id, target, { keyboard: true });
}

async function moveDeal(id, stageId, { keyboard = false } = {}) {
  const found = findDeal(id);
  const target = state.columns.get(stageId);
  if (!found || !target || found.deal.stage === stageId) return;
  const { deal, index: fromIndex, column: from } = found;
  if (target.stage.kind === 'lost') {
    const moved = await askLossAndMove(deal, target.stage);
    if (moved) afterMove(moved, target, keyboard);
    else if (keyboard) focusCard(id);
    return;
  }
  placeDeal({ ...deal, stage: stageId }, 0);
  if (keyboard) focusCard(id);
  state.moving.add(id);
  try {
    const moved = await state.api.moveDeal(id, deal.version, stageId);
    state.moving.delete(id);
    afterMove(moved, target, keyboard);
  } catch (error) {
    state.moving.delete(id);
    placeDeal(deal, fromIndex);
    if (keyboard) focusCard(id);
    showMessage(refusalMessage(error, deal, from.stage, target.stage));
    if (error instanceof ApiError && error.status === 409) refreshDeal(id);
  }
}

function afterMove(moved, target, keyboard) {
  placeDeal(moved, 0);
  if (keyboard) focusCard(moved.id);
  announce(`${moved.name} moved to ${target.stage.name}`);
  refreshTotals();
}

function refusalMessage(error, deal, from, to) {
  if (!(error instanceof ApiError)) return `“${deal.name}” could not be moved to ${to.name} (${error.message}); it is back in ${from.name}.`;
  if (error.status === 409) return `“${deal.name}” was changed by someone else meanwhile, so it was not moved to ${to.name}; it is back in ${from.name}. Try again on the fresh card.`;
  const details = error.details.map((detail) => detail.message).join('; ');
  return `The API refused to move “${deal.name}” to ${to.name}: ${details || error.message}. It is back in ${from.name}.`;
}

/** The lost-stage dialog: the move happens on its confirmation, with the reason and category. */
function askLossAndMove(deal, stage) {
  const dialog = $('#lost-dialog');
  const form = dialog.querySelector('form');
  form.reset();
  clearErrors(form);
  form.elements.loss_reason.value = deal.loss_reason ?? '';
  form.elements.loss_category.value = deal.loss_category ?? '';
  dialog.querySelector('.lost-deal').textContent = `Moving “${deal.name}” to ${stage.name}.`;
  dialog.showModal();
  return new Promise((resolve) => {
    const onSubmit = async (event) => {
      event.preventDefault();
      if (event.submitter?.value !== 'confirm') return finish(null);
      try {
        const moved = await state.api.moveDeal(deal.id, deal.version, stage.id, {
          loss_reason: form.elements.loss_reason.value.trim(),
          loss_category: form.elements.loss_category.value.trim(),
        });
        finish(moved);
      } catch (error) {
        if (error instanceof ApiError && error.status === 400) return showErrors(form, error);
        finish(null);
        showMessage(refusalMessage(error, deal, state.columns.get(deal.stage).stage, stage));
        if (error instanceof ApiError && error.status === 409) refreshDeal(deal.id);
      }
    };
    const onCancel = () => finish(null);
    const finish = (moved) => {
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      resolve(moved);
    };
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('cancel', onCancel);
  });
}

async function refreshDeal(id) {
  if (state.moving.has(id)) return;
  try {
    const fresh = await state.api.deal(id);
    const shown = findDeal(id)?.deal;
    if (state.moving.has(id) || (shown && fresh.version === shown.version && fresh.stage === shown.stage)) return;
    if (!shown || fresh.version > shown.version) placeDeal(fresh);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      const found = findDeal(id);
      if (found) {
        found.column.deals.splice(found.index, 1);
        renderCards(found.column);
      }
    }
  }
}

// --- Live: the change feed ------------------------------------------------------------------------

async function pollEvents() {
  try {
    if ($('#live').checked && state.eventsCursor) {
      const touched = new Set();
      let page;
      do {
        page = await state.api.events(state.eventsCursor);
        state.eventsCursor = page.pagination.next_cursor;
        for (const event of page.data) {
          const pipelines = [event.data?.pipeline_id, event.previous?.pipeline_id];
          if (event.object === 'deal' && (pipelines.includes(state.pipeline.id) || findDeal(event.object_id))) touched.add(event.object_id);
        }
      } while (page.pagination.has_more);
      if (touched.size) {
        await Promise.all([...touched].map(refreshDeal));
        await refreshTotals();
        if (state.drawerDealId && touched.has(state.drawerDealId)) await showHistories($('#drawer'), state.drawerDealId);
      }
    }
  } catch (error) {
    showMessage(`Live updates paused: ${error.message}`);
  }
  setTimeout(pollEvents, POLL_MS);
}

// --- New deal and the drawer ------------------------------------------------------------------

function choices() {
  const stages = [...state.columns.values()].map((column) => column.stage);
  return { users: state.users, accounts: state.accounts, contacts: state.contacts, stages };
}

function openNewDeal() {
  const dialog = $('#deal-form');
  const form = dialog.querySelector('form');
  const specs = NEW_DEAL_FIELDS.map(fieldSpec);
  renderFields(form.querySelector('.fields'), specs, { currency: 'EUR', stage: [...state.columns.keys()][0] }, choices(), 'new');
  clearErrors(form);
  dialog.showModal();
  const onSubmit = async (event) => {
    event.preventDefault();
    if (event.submitter?.value !== 'confirm') return done();
    try {
      const created = await state.api.createDeal({ pipeline_id: state.pipeline.id, ...changedFields(form, specs, null) });
      done();
      placeDeal(created, 0);
      announce(`${created.name} created in ${state.columns.get(created.stage)?.stage.name ?? created.stage}`);
      refreshTotals();
    } catch (error) {
      showErrors(form, error);
    }
  };
  const done = () => {
    form.removeEventListener('submit', onSubmit);
    dialog.close();
  };
  form.addEventListener('submit', onSubmit);
  dialog.addEventListener('cancel', done, { once: true });
}

async function openDrawer(id) {
  const dialog = $('#drawer');
  const form = dialog.querySelector('form');
  let deal;
  try {
    deal = await state.api.deal(id);
  } catch (error) {
    return showMessage(`Could not open the deal: ${error.message}`);
  }
  const show = async (current) => {
    deal = current;
    dialog.querySelector('#drawer-title').textContent = current.name;
    const stage = state.columns.get(current.stage)?.stage.name ?? current.stage;
    dialog.querySelector('.drawer-meta').textContent = `${current.deal_number ?? ''} · ${stage} · version ${current.version}`;
    renderFields(form.querySelector('.fields'), DEAL_FIELDS, current, choices(), 'edit');
    clearErrors(form);
    await showHistories(dialog, current.id);
  };
  await show(deal);
  state.drawerDealId = id;
  if (!dialog.open) dialog.showModal();
  const onSubmit = async (event) => {
    event.preventDefault();
    if (event.submitter?.value !== 'confirm') return done();
    const changes = changedFields(form, DEAL_FIELDS, deal);
    if (!Object.keys(changes).length) return done();
    try {
      const saved = await state.api.updateDeal(deal.id, deal.version, changes);
      placeDeal(saved);
      refreshTotals();
      announce(`${saved.name} saved`);
      await show(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        await show(await state.api.deal(deal.id));
        form.querySelector('.form-error').textContent = 'Someone else changed this deal meanwhile: these are its fields now. Make your change again.';
      } else {
        showErrors(form, error);
      }
    }
  };
  const done = () => {
    form.removeEventListener('submit', onSubmit);
    state.drawerDealId = null;
    dialog.close();
    focusCard(id);
  };
  form.addEventListener('submit', onSubmit);
  dialog.addEventListener('cancel', done, { once: true });
}

async function showHistories(dialog, id) {
  const [stages, changes] = await Promise.all([
    state.api.stageHistory(id).catch(() => []),
    state.api.fieldHistory(id).catch(() => []),
  ]);
  const name = (stageId) => state.columns.get(stageId)?.stage.name ?? stageId;
  const item = (text) => Object.assign(document.createElement('li'), { textContent: text });
  const stageList = dialog.querySelector('.stage-history');
  stageList.replaceChildren(...stages.map((entry) => item(`${when(entry.at)}: ${name(entry.from)} → ${name(entry.to)}`)));
  if (!stages.length) stageList.replaceChildren(item('No stage changes yet.'));
  dialog.querySelector('.field-history').replaceChildren(...changes.map((entry) => item(
    `${when(entry.at)} · version ${entry.version} · ${entry.type}: `
    + entry.changes.map(({ field, from, to }) => (field === 'stage'
      ? `stage ${from ? name(from) : '–'} → ${name(to)}`
      : `${field} ${short(from)} → ${short(to)}`)).join(', '),
  )));
}

function when(at) {
  return new Date(at).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

function short(value) {
  const text = value === null || value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? text.slice(0, 39) + '…' : text;
}

// --- Messages ---------------------------------------------------------------------------------

let messageTimer;
function showMessage(text) {
  const message = $('#message');
  message.textContent = text;
  message.hidden = false;
  clearTimeout(messageTimer);
  messageTimer = setTimeout(() => { message.hidden = true; }, 10000);
}

function announce(text) {
  $('#announcer').textContent = text;
}

start();
