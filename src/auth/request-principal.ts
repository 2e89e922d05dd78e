// The caller as the policy engine sees it (src/policy RequestPrincipal): type, role, aws:userid, aws:username and
// aws:PrincipalTag values (a user's tags; a role session's role tags overridden by its session tags).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
import type { Principal } from '../core/service.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { RequestPrincipal } from '../policy/index.js';

export function requestPrincipal(p: Principal, directory: IdentityDirectory): RequestPrincipal {
  const tags: Record<string, string> = {};
  if (p.role) {
    for (const t of directory.entity('role', p.role.name)?.data.tags ?? []) tags[t.Key] = t.Value;
    Object.assign(tags, p.session?.tags);
  } else if (p.userName !== undefined) {
    for (const t of directory.entity('user', p.userName)?.data.tags ?? []) tags[t.Key] = t.Value;
  }
  return {
    arn: p.arn, accountId: p.accountId, type: p.type === 'Anonymous' ? 'Anonymous' : p.type, userId: p.userId,
    ...(p.userName !== undefined ? { username: p.userName } : {}), ...(p.role ? { roleArn: p.role.arn } : {}), tags,
  };
}
