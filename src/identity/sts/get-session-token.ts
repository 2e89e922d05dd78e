// GetSessionToken: temporary credentials with the calling IAM user's own permissions, for 900 s to 36 h (12 h by
// default); only for a user's long-term access key. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
import { KmsError } from '../../protocol/errors.js';
import { issueSession } from '../sessions.js';
import { stsOperation } from '../operation.js';
import { refuseMfa } from './mfa.js';

export const getSessionToken = stsOperation<{ DurationSeconds?: number; SerialNumber?: string; TokenCode?: string }>({
  name: 'GetSessionToken',
  action: null,
  resource: () => '*',
  async run(ctx, input) {
    const caller = ctx.principal;
    if (caller.session || caller.type !== 'User') {
      throw new KmsError('AccessDeniedException', 'Cannot call GetSessionToken with session credentials');
    }
    refuseMfa(input.SerialNumber);
    const now = ctx.identity.now();
    const expiresAt = now + (input.DurationSeconds ?? 43_200) * 1000;
    const credentials = await issueSession(ctx.identity.kms, {
      ...caller, accessKeyId: undefined, session: { issuedAt: now, expiresAt, tags: {}, viaGetSessionToken: true },
    });
    Object.assign(ctx.details, { accessKeyId: credentials.AccessKeyId, expiration: expiresAt });
    return { Credentials: credentials };
  },
});
