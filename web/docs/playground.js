// The /docs playground: Swagger UI over the API's own /openapi.json (as the API serves it, so it
// is never a copy), "try it" against the same API, signed in with the board's token.
// Locally the page carries a dev token of tenant-dev; a deployed copy uses the API URL and token
// the board stored (localStorage `deals.apiUrl`, sessionStorage `deals.token`) or asks for the URL
// and leaves the token to Swagger UI's Authorize button.

import { adoptTokenFromAddress, currentSession, servedLocally, storedApiUrl } from '../board/session.js';

const notice = document.querySelector('#notice');

async function start() {
  adoptTokenFromAddress();
  const session = currentSession();
  const apiUrl = session?.apiUrl ?? (servedLocally() ? window.location.origin : storedApiUrl());
  if (!apiUrl) return askForApiUrl();
  const specUrl = `${apiUrl.replace(/\/+$/, '')}/openapi.json`;
  let spec;
  try {
    const response = await fetch(specUrl);
    if (!response.ok) throw new Error(`${specUrl} answered ${response.status}`);
    spec = await response.json();
  } catch (error) {
    notice.textContent = `Cannot load the API's document: ${error.message}`;
    notice.hidden = false;
    return askForApiUrl();
  }
  spec.servers = serversOf(spec, specUrl);
  const ui = window.SwaggerUIBundle({
    spec,
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: true,
    validatorUrl: null,
    persistAuthorization: false,
    displayRequestDuration: true,
    onComplete: () => {
      if (session?.token) authorize(ui, spec, session.token);
    },
  });
  window.playground = ui;
}

/** The document's servers resolved against where it came from, so "try it" calls that API. */
function serversOf(spec, specUrl) {
  const servers = (spec.servers?.length ? spec.servers : [{ url: '/' }])
    .map((server) => ({ ...server, url: new URL(server.url, specUrl).href.replace(/\/$/, '') || '/' }));
  const origin = new URL(specUrl).origin;
  return servers.some((server) => server.url.startsWith(origin))
    ? servers
    : [{ url: origin, description: 'The API this page was opened for' }, ...servers];
}

/** Fills the token into every HTTP bearer scheme of the document. */
function authorize(ui, spec, token) {
  for (const [name, scheme] of Object.entries(spec.components?.securitySchemes ?? {})) {
    if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
      ui.authActions.authorize({ [name]: { name, schema: scheme, value: token } });
    } else if (scheme.type === 'apiKey') {
      ui.preauthorizeApiKey(name, token);
    }
  }
}

function askForApiUrl() {
  const form = document.querySelector('#api-form');
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    localStorage.setItem('deals.apiUrl', form.elements.api_url.value.trim().replace(/\/+$/, ''));
    window.location.reload();
  }, { once: true });
}

start();
