// What an operation is: a name, an input shape, and its own logic. The dispatcher does everything else.
import type { ErrorCode } from '../protocol/errors.js';
import type { Shape } from '../protocol/shape.js';
import type { OperationContext } from './context.js';

/** The service prefix of the actions a target's operations are authorised as (`kms:Encrypt`, `keyward:ArchiveKey`). */
export type ActionPrefix = 'kms' | 'keyward';

/** Output members in wire form; Buffer values are sent as base64. */
export type Output = Record<string, unknown>;

export interface Operation<I = any> {
  readonly name: string;
  readonly input: Shape;
  run(ctx: OperationContext, input: I): Promise<Output>;
}

/**
 * A Keyward extension operation (KeywardService): also declares its output members, its documentation and the errors
 * it sends, because the botocore service model and the JavaScript client are generated from the registry
 * (core/operations/service-model.ts, docs/extension-api.md).
 */
export interface ExtensionOperation<I = any> extends Operation<I> {
  readonly output: Shape;
  readonly doc: string;
  readonly errors: readonly ErrorCode[];
}

export const defineOperation = <I>(op: Operation<I>): Operation<I> => op;
export const defineExtensionOperation = <I>(op: ExtensionOperation<I>): ExtensionOperation<I> => op;
