/* HTTP access of both pages. */

/** GET a JSON document; a failure carries the server's detail when it sent one. */
export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
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
