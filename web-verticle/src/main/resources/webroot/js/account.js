/*
 * The header's account corner: who is logged in, with a log-out button for a browser session, or a
 * log-in link for an anonymous viewer. Nothing on a node without logins.
 */
import { getJson, loginUrl } from './http.js';

export async function showAccount() {
  const me = await getJson('/api/me').catch(() => null);
  if (!me || me.via === 'open') {
    return;
  }
  const corner = document.getElementById('account');
  document.getElementById('account-name').textContent = me.user ? `${me.user} (${me.role})` : 'viewer';
  document.getElementById('logout').hidden = me.via !== 'session';
  const login = document.getElementById('login');
  login.hidden = me.via !== 'anonymous';
  login.href = loginUrl();
  corner.hidden = false;
}
