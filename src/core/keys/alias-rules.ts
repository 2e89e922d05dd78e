// Alias naming rules and messages, shared by CreateAlias, UpdateAlias and DeleteAlias.
// https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html
import { KmsError } from '../../protocol/errors.js';
import type { Field } from '../../protocol/shape.js';
import { aliasArn, type Scope } from './arn.js';

export const MAX_ALIASES_PER_KEY = 50;
export const ALIAS_NAME_FIELD: Field = { t: 'string', required: true, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ };

/** Checks a name a caller wants to create or change: prefix, reserved namespace, characters. */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw new KmsError('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (name.startsWith('alias/aws/')) throw new KmsError('NotAuthorizedException');
  if (name.includes(':')) throw new KmsError('ValidationException', `${name} contains invalid characters for an alias`);
}

/** A TargetKeyId must name a key, never an alias. */
export function checkTargetIsKey(target: string): void {
  if (target.startsWith('alias/') || /^arn:aws:kms:[^:]*:\d{12}:alias\//.test(target)) {
    throw new KmsError('ValidationException', 'Aliases must refer to keys. Not aliases');
  }
}

export function aliasMissing(scope: Scope, name: string): KmsError {
  return new KmsError('NotFoundException', `Alias ${aliasArn(scope, name)} is not found.`);
}
