/**
 * Opening the files a scenario is made of (the scenario, the files it
 * extends, its traces) without trusting what the path names.
 *
 * The rule: **every input must be a regular file**. A FIFO, a character
 * device (`/dev/zero`, `/dev/urandom`, a terminal), a socket or a block
 * device is refused as "not a regular file" at once. The file is opened with
 * `O_NONBLOCK`, so opening a FIFO with no writer does not hang, and the check
 * is made on the open descriptor (`fstat`), so a symbolic link or a swap
 * between the check and the read cannot get past it.
 *
 * The one exception is the scenario named on the command line, which may be
 * standard input: `-` or `/dev/stdin` (`cat s.json | simulate -`). Its
 * relative paths (`extends`, traces) are then relative to the current
 * directory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Names that mean "read the scenario from standard input". */
export const STDIN_NAMES: readonly string[] = ['-', '/dev/stdin'];

export function isStdin(file: string): boolean {
  return STDIN_NAMES.includes(file);
}

/** The directory relative paths in `file` start from (the current directory for standard input). */
export function scenarioDir(file: string): string {
  return isStdin(file) ? process.cwd() : dirname(resolve(file));
}

/** What a non-regular file is, for messages. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why a path could not be opened as a regular file. */
export class InputFileError extends Error {
  constructor(
    /** What is wrong, e.g. "is not a regular file (a FIFO (named pipe))". */
    readonly detail: string,
    /** How to fix it. */
    readonly suggestion: string | undefined,
    /** errno code, when the system refused. */
    readonly code?: string,
  ) {
    super(detail);
    this.name = 'InputFileError';
  }
}

/**
 * Opens `path` for reading if it is a regular file; returns the descriptor
 * and its size. Never blocks (O_NONBLOCK), never follows the path twice.
 * @throws InputFileError
 */
export function openRegularFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputFileError('no such file', 'check the path', code);
    if (code === 'EISDIR') throw new InputFileError('is a directory, not a file', 'name a file inside it', code);
    throw new InputFileError(`cannot be opened (${code ?? String(e)})`, undefined, code);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    if (st.isDirectory()) throw new InputFileError('is a directory, not a file', 'name a file inside it');
    throw new InputFileError(`is not a regular file (it is ${kindOf(st)})`, 'save the data to a file and name that file');
  }
  return { fd, size: st.size };
}

/**
 * The whole content of a regular file, or of standard input when `path` is
 * one of {@link STDIN_NAMES} and `allowStdin` is set; at most `maxBytes`.
 * @throws InputFileError (not a regular file, too big, unreadable)
 */
export function readInputFile(path: string, maxBytes: number, allowStdin = false): Buffer {
  if (allowStdin && isStdin(path)) return readAll(0, maxBytes, false);
  const { fd, size } = openRegularFile(path);
  try {
    if (size > maxBytes) throw tooBig(size, maxBytes);
    return readAll(fd, maxBytes, true);
  } finally {
    closeSync(fd);
  }
}

function tooBig(size: number, maxBytes: number): InputFileError {
  return new InputFileError(`is ${size.toLocaleString('en-US')} bytes or more; at most ${maxBytes.toLocaleString('en-US')} bytes are read`, 'is it really a scenario?');
}

/** Read `fd` to its end, refusing more than `maxBytes` (a file can grow between fstat and read). */
function readAll(fd: number, maxBytes: number, positional: boolean): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(65_536);
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, positional ? total : null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Standard input may be non-blocking (a terminal): wait a little and try again.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        continue;
      }
      if (code === 'EOF') break;
      throw new InputFileError(`cannot be read (${code ?? String(e)})`, undefined, code);
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw tooBig(total, maxBytes);
    chunks.push(buf.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}
