/* HTTP access of both pages. */

/** Where this page is, for the login page to send the browser back to. */
export function loginUrl(reason) {
  const back = encodeURIComponent(location.pathname + location.search);
  return `/login?${reason ? `${reason}&` : ''}return=${back}`;
}

// Set once the page is being left (a log-out form posting, a link followed): a 401 then is the end of
// the session on purpose, and sending the browser to the login page would race the navigation under way.
let leaving = false;
addEventListener('beforeunload', () => {
  leaving = true;
});
addEventListener('pageshow', () => {
  leaving = false;
});

/**
 * GET a JSON document; a failure carries the server's detail when it sent one. A 401 means the login
 * has ended: the browser goes to the login page and comes back here after it.
 */
export async function getJson(url) {
  // X-Requested-With: a 401 then comes without a Basic challenge, which would open the browser's dialog.
  const response = await fetch(url, { headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
  if (response.status === 401 && !leaving) {
    location.assign(loginUrl('expired'));
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const detail = body && (body.detail || body.error) ? body.detail || body.error : response.statusText;
    const error = new Error(`${url}: ${response.status} ${detail}`);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}
