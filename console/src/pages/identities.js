// Identities (the IAM API Keyward answers on the same endpoint): users with their access keys, and roles; read-only
// here (create and change them with the AWS CLI or SDKs, which the same authorization and audit govern).
import { iam } from '../api/kms.js';
import { ErrorBox, Loading, Section, useAsync } from '../ui/components.js';
import { html } from '../ui/html.js';

async function load() {
  const [users, roles] = await Promise.all([iam('ListUsers', {}, 'Users'), iam('ListRoles', {}, 'Roles')]);
  const keys = await Promise.all(users.map((u) => iam('ListAccessKeys', { UserName: u.UserName }, 'AccessKeyMetadata').catch(() => [])));
  return { users: users.map((u, i) => ({ ...u, keys: keys[i] })), roles };
}

export function Identities() {
  const { data, error, loading } = useAsync(load, []);
  return html`<div>
    <h1>Identities</h1>
    ${loading && !data ? html`<${Loading} what="Loading users and roles" />` : null}
    <${ErrorBox} error=${error} />
    ${data ? html`<div class="grid">
      <${Section} title=${`Users (${data.users.length})`} id="sec-users" wide=${true}>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Users table"><table class="users">
          <thead><tr><th scope="col">User</th><th scope="col">ARN</th><th scope="col">Created</th><th scope="col">Access keys</th></tr></thead>
          <tbody>${data.users.map((u) => html`<tr><td>${u.UserName}</td><td class="mono">${u.Arn}</td><td>${u.CreateDate}</td>
            <td class="mono">${u.keys.map((k) => `${k.AccessKeyId} (${k.Status})`).join(', ') || '—'}</td></tr>`)}</tbody>
        </table></div>
      </${Section}>
      <${Section} title=${`Roles (${data.roles.length})`} id="sec-roles" wide=${true}>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Roles table"><table class="roles">
          <thead><tr><th scope="col">Role</th><th scope="col">ARN</th><th scope="col">Created</th></tr></thead>
          <tbody>${data.roles.map((r) => html`<tr><td>${r.RoleName}</td><td class="mono">${r.Arn}</td><td>${r.CreateDate}</td></tr>`)}</tbody>
        </table></div>
      </${Section}>
    </div>` : null}
  </div>`;
}
