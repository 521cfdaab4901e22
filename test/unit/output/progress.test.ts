import { describe, expect, it } from 'vitest';
import { createActivity, requestLine, REQUEST_LINE } from '../../../src/output/activity.js';
import { createProgress, wantsSpinner } from '../../../src/output/progress.js';
import { captureStream } from '../../helpers/deps.js';

/** What a terminal shows: carriage returns go back to the line's start, ESC[K erases the rest of it. */
function rendered(text: string): string {
  const redraw = '\r\u001b[K';
  const lines: string[] = [''];
  for (const chunk of text.split(new RegExp(`(${redraw.replace('[', '\\[')}|\n)`))) {
    if (chunk === redraw) lines[lines.length - 1] = '';
    else if (chunk === '\n') lines.push('');
    else lines[lines.length - 1] += chunk;
  }
  return lines.join('\n');
}

/** An activity on a clock the test moves. */
function clockedActivity(stream: ReturnType<typeof captureStream>) {
  let now = 0;
  let monitor: () => void = () => {};
  const activity = createActivity({ stream, now: () => now, setInterval: (fn) => ((monitor = fn), 1), clearInterval: () => {} });
  return { activity, advance: (ms: number) => ((now += ms), monitor()) };
}

const event = { context: 'rivendell', server: 'https://127.0.0.1:6443', method: 'GET', url: 'https://127.0.0.1:6443/api?timeout=32s' };

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

  it('the spinner names the request the step waits for, once it has waited a second', () => {
    const stream = captureStream(true);
    const { activity, advance } = clockedActivity(stream);
    let tick: () => void = () => {};
    const progress = createProgress(stream, { quiet: false, spinner: true, activity, setInterval: (fn) => ((tick = fn), 1), clearInterval: () => {} });
    const step = progress.step('Creating federation control plane service');
    const end = activity.started(event);
    advance(500);
    tick();
    expect(rendered(stream.text())).toBe('Creating federation control plane service... /');
    advance(11_600);
    tick();
    expect(rendered(stream.text())).toBe('Creating federation control plane service... - waiting for rivendell to answer GET /api (12 s)');
    end({ status: 200 });
    step.done();
    expect(rendered(stream.text())).toBe('Creating federation control plane service... done\n');
  });

  it('without a terminal, a waiting request is named every 10 s, and the interrupted step line is written again with its result', () => {
    const stream = captureStream();
    const { activity, advance } = clockedActivity(stream);
    const progress = createProgress(stream, { quiet: false, spinner: false, activity });
    const step = progress.step('Joining gondor');
    const end = activity.started(event);
    advance(9_000);
    expect(stream.text()).toBe('Joining gondor...');
    advance(1_000);
    advance(5_000);
    advance(5_000);
    end({ error: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) });
    // The retry continues the same wait.
    const again = activity.started(event);
    advance(10_000);
    again({ status: 200 });
    step.done();
    expect(stream.text()).toBe(
      [
        'Joining gondor...',
        '  waiting for rivendell to answer GET /api (10 s)',
        '  waiting for rivendell to answer GET /api (20 s)',
        '  waiting for rivendell to answer GET /api (30 s)',
        'Joining gondor... done',
        '',
      ].join('\n'),
    );
  });

  it('says nothing about waits when quiet; a new wait after a success starts from 0 s', () => {
    const stream = captureStream();
    const { activity, advance } = clockedActivity(stream);
    createProgress(stream, { quiet: true, spinner: false, activity });
    const end = activity.started(event);
    advance(30_000);
    end({ status: 200 });
    expect(stream.text()).toBe('');
    const loud = captureStream();
    const other = clockedActivity(loud);
    other.activity.started(event)({ status: 200 });
    other.advance(20_000);
    other.activity.started(event);
    other.advance(10_000);
    expect(loud.text()).toBe('  waiting for rivendell to answer GET /api (10 s)\n');
  });

  it('at -v prints one line per request: method, path, status and time; at 6 the full URL and status text; never credentials', () => {
    const stream = captureStream();
    const { activity, advance } = clockedActivity(stream);
    activity.verbosity = 1;
    const end = activity.started({ ...event, method: 'POST', url: 'https://admin:s3cret-password@127.0.0.1:6443/api/v1/namespaces?fieldManager=kubefed' });
    advance(12);
    end({ status: 201 });
    activity.started(event)({ error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    expect(stream.text()).toBe('  POST /api/v1/namespaces 201 12 ms (rivendell)\n  GET /api failed: ECONNREFUSED after 0 ms (rivendell)\n');
    const full = requestLine({ ...event, url: 'https://admin:s3cret-password@127.0.0.1:6443/api/v1/namespaces?fieldManager=kubefed' }, { status: 404 }, 3, 6);
    expect(full).toBe('  GET https://127.0.0.1:6443/api/v1/namespaces?fieldManager=kubefed 404 Not Found in 3 ms (rivendell)');
    for (const line of [...stream.text().split('\n').filter(Boolean), full]) expect(line).toMatch(REQUEST_LINE);
    expect(REQUEST_LINE.test('  deployment "federation-system/apiserver" in the host cluster deleted')).toBe(false);
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
