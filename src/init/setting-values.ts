/**
 * Every setting of init, typed by its kind (InitOptions.settings), read after the specific checks
 * of validate.ts: a setting that has its own check already reported is not reported again, so a
 * new flag gets the checks of its kind without code of its own.
 */
import { INIT_FLAG_DEFAULTS } from './defaults.js';
import type { CheckContext } from './problems.js';
import { INIT_SETTINGS, type SettingKey, type SettingValues } from './settings.js';
import { listOf, mapOf } from './validate-workload.js';

export function readSettings(ctx: CheckContext): SettingValues {
  const values: Record<string, unknown> = {};
  for (const { key, flag, kind } of INIT_SETTINGS) {
    if (kind === 'string') values[key] = ctx.text(key) || undefined;
    else if (kind === 'path') values[key] = ctx.path(key);
    else if (kind === 'bool') values[key] = ctx.bool(key, flag, INIT_FLAG_DEFAULTS[key] === true);
    else if (kind === 'int') values[key] = readInt(ctx, key, flag);
    else if (kind === 'list') values[key] = listOf(ctx, key);
    else values[key] = mapOf(ctx, key, flag);
  }
  return values as SettingValues;
}

function readInt(ctx: CheckContext, key: SettingKey, flag: string): number | undefined {
  const text = ctx.text(key).trim();
  if (text === '') return undefined;
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  if (!ctx.hasProblem(key)) ctx.add(key, `invalid --${flag} "${text}": use a whole number`);
  return undefined;
}
