import type { Command } from 'commander';
import type { Deps } from '../deps.js';

// Placeholder: replaced by the real command definition.
export function registerInit(_program: Command, _deps: Deps): void {}
