// `keyward receipt ...`: destruction receipts' commands (docs/destruction.md).
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerReceiptVerify } from './receipt-verify.js';

export function registerReceipt(program: Command, ctx: CliContext): void {
  registerReceiptVerify(program.command('receipt').description('Check destruction receipts'), ctx);
}
