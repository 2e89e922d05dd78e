// What an operation is: a name, an input shape, and its own logic. The dispatcher does everything else.
import type { Shape } from '../protocol/shape.js';
import type { OperationContext } from './context.js';

/** Output members in wire form; Buffer values are sent as base64. */
export type Output = Record<string, unknown>;

export interface Operation<I = any> {
  readonly name: string;
  readonly input: Shape;
  run(ctx: OperationContext, input: I): Promise<Output>;
}

export const defineOperation = <I>(op: Operation<I>): Operation<I> => op;
