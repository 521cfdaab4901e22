import * as fs from 'node:fs';
import { join } from 'node:path';
import * as tty from 'node:tty';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fdOut } from '../../../src/output/fd-out.js';
import { tempDir } from '../../helpers/cli.js';

// Every write goes through this spy, so a test can make the descriptor refuse one.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, writeSync: vi.fn(actual.writeSync) };
});
vi.mock('node:tty', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:tty')>();
  return { ...actual, isatty: vi.fn(actual.isatty) };
});

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

/** A stand-in for Node's stream of the descriptor: what reached it, in order. */
function fakeStream(): { stream: NodeJS.WriteStream; got: string[] } {
  const got: string[] = [];
  const stream = { write: (chunk: string | Uint8Array) => got.push(Buffer.from(chunk).toString('utf8')) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, got };
}

describe('fdOut: stdout and stderr of a run', () => {
  afterEach(() => {
    vi.mocked(fs.writeSync).mockReset();
    vi.mocked(tty.isatty).mockReset();
  });

  function fileOut(): { fd: number; path: string; close: () => void } {
    const path = join(tempDir('kubefed-fdout-'), 'out');
    const fd = fs.openSync(path, 'w');
    return { fd, path, close: () => fs.closeSync(fd) };
  }

  it('writes a pipe or file straight to the descriptor, in order, without setting up a stream', async () => {
    const actual = await vi.importActual<typeof import('node:fs')>('node:fs');
    vi.mocked(fs.writeSync).mockImplementation(actual.writeSync as never);
    vi.mocked(tty.isatty).mockReturnValue(false);
    const file = fileOut();
    const stream = vi.fn(() => fakeStream().stream);
    const out = fdOut(file.fd, stream);
    expect(out.isTTY).toBe(false);
    out.write('first line\n');
    out.write('ünïcode → second\n');
    file.close();
    expect(fs.readFileSync(file.path, 'utf8')).toBe('first line\nünïcode → second\n');
    expect(stream).not.toHaveBeenCalled();
  });

  it("on a terminal it is Node's own stream", () => {
    vi.mocked(tty.isatty).mockReturnValue(true);
    const { stream } = fakeStream();
    expect(fdOut(1, () => stream)).toBe(stream);
  });

  it('a full non-blocking pipe (EAGAIN) hands the rest, and every later write, to the stream, in order', async () => {
    const actual = await vi.importActual<typeof import('node:fs')>('node:fs');
    vi.mocked(tty.isatty).mockReturnValue(false);
    const file = fileOut();
    // The descriptor takes 4 bytes of the first write, then refuses.
    vi.mocked(fs.writeSync)
      .mockImplementationOnce(((fd: number, buffer: Uint8Array, offset: number) => actual.writeSync(fd, buffer, offset, 4)) as never)
      .mockImplementationOnce(() => {
        throw errno('EAGAIN');
      });
    const fake = fakeStream();
    const stream = vi.fn(() => fake.stream);
    const out = fdOut(file.fd, stream);
    out.write('abcdefgh');
    out.write('ijk');
    file.close();
    expect(fs.readFileSync(file.path, 'utf8')).toBe('abcd');
    expect(fake.got).toEqual(['efgh', 'ijk']);
    expect(stream).toHaveBeenCalledTimes(1);
  });

  it('a reader that has gone away (EPIPE) gets nothing more, and nothing is thrown', () => {
    vi.mocked(tty.isatty).mockReturnValue(false);
    vi.mocked(fs.writeSync).mockImplementation(() => {
      throw errno('EPIPE');
    });
    const out = fdOut(99, () => fakeStream().stream);
    expect(out.write('lost')).toBe(false);
    expect(out.write('also lost')).toBe(false);
    expect(fs.writeSync).toHaveBeenCalledTimes(1);
  });

  it('any other write error surfaces', () => {
    vi.mocked(tty.isatty).mockReturnValue(false);
    vi.mocked(fs.writeSync).mockImplementation(() => {
      throw errno('EBADF');
    });
    expect(() => fdOut(99, () => fakeStream().stream).write('x')).toThrow('EBADF');
  });
});
