import { describe, expect, it } from 'vitest';
import { createProgress, wantsSpinner } from '../../../src/output/progress.js';
import { captureStream } from '../../helpers/deps.js';

/** Applies backspaces the way a terminal shows them. */
function rendered(text: string): string {
  const out: string[] = [];
  for (const ch of text) {
    if (ch === '\b') out.pop();
    else out.push(ch);
  }
  return out.join('');
}

describe('progress lines', () => {
  it("plain lines with the original's dots when not on a terminal", () => {
    const stream = captureStream();
    const progress = createProgress(stream, { quiet: false, spinner: false });
    const step = progress.step('Creating federation control plane service');
    step.tick();
    step.tick();
    step.done();
    progress.step('Updating kubeconfig').fail();
    progress.warn('something odd');
    expect(stream.text()).toBe('Creating federation control plane service..... done\nUpdating kubeconfig... failed\nWARNING: something odd\n');
  });

  it('a spinner on a terminal that leaves "message... done" behind', () => {
    const stream = captureStream(true);
    let tick: () => void = () => {};
    const progress = createProgress(stream, {
      quiet: false,
      spinner: true,
      setInterval: (fn) => ((tick = fn), 1),
      clearInterval: () => {},
    });
    const step = progress.step('Waiting for federation control plane to come up');
    tick();
    tick();
    step.done();
    expect(rendered(stream.text())).toBe('Waiting for federation control plane to come up... done\n');
  });

  it('prints nothing but warnings when quiet', () => {
    const stream = captureStream();
    const progress = createProgress(stream, { quiet: true, spinner: false });
    progress.step('Updating kubeconfig').done();
    progress.info('Objects: 1 created');
    progress.warn('careful');
    expect(stream.text()).toBe('WARNING: careful\n');
  });

  it('spins only on a terminal, outside CI, without NO_COLOR', () => {
    expect(wantsSpinner({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(wantsSpinner({ write: () => true, isTTY: false }, {})).toBe(false);
    expect(wantsSpinner({ write: () => true, isTTY: true }, { CI: 'true' })).toBe(false);
    expect(wantsSpinner({ write: () => true, isTTY: true }, { NO_COLOR: '' })).toBe(false);
  });
});
