// Where the board's API and token come from, in this order:
// 1. `/?token=<jwt>`: that token (kept in sessionStorage, removed from the address bar);
// 2. the local server's page: `<meta name="deals-dev-token">` holds a dev token of tenant-dev
//    and the API is the page's own origin (`make dev`);
// 3. a deployed copy: the API URL (localStorage) and token (sessionStorage) a person entered.

const API_URL_KEY = 'deals.apiUrl';
const TOKEN_KEY = 'deals.token';

function devToken() {
  return document.querySelector('meta[name="deals-dev-token"]')?.content || '';
}

/** True on a page the local server served (it filled in the dev token). */
export function servedLocally() {
  return devToken() !== '';
}

/** Takes `?token=` out of the address bar, keeping it for this tab. */
export function adoptTokenFromAddress() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

/** `{apiUrl, token}`, or null when a person has to sign in. */
export function currentSession() {
  const token = sessionStorage.getItem(TOKEN_KEY) || devToken();
  const apiUrl = servedLocally() ? window.location.origin : localStorage.getItem(API_URL_KEY);
  return token && apiUrl ? { apiUrl, token } : null;
}

export function saveSession(apiUrl, token) {
  localStorage.setItem(API_URL_KEY, apiUrl.trim().replace(/\/+$/, ''));
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export function storedApiUrl() {
  return localStorage.getItem(API_URL_KEY) || '';
}
