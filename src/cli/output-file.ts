/**
 * `--out file`: the JSON summary written so that a fault never leaves a
 * half-written or truncated result.
 *
 * - **A regular file (or a new one)** is written to a temporary file in the
 *   same directory, created when the command starts (so a path that cannot
 *   be written fails before a long run), and renamed over the target only
 *   once it is complete and flushed. A run that fails validation or
 *   crashes removes the temporary file and leaves an existing result untouched (a run killed by a signal, which
 *   cannot clean up, leaves its hidden `.name.pid.xxxx.tmp` beside it, never
 *   a truncated result). Two runs writing one path each
 *   rename a complete file: the last one wins, and the file is always valid.
 * - **Anything else** (`/dev/stdout`, a FIFO, `/dev/full`, `/dev/null`)
 *   cannot be renamed onto: it is checked for writing up front and written
 *   directly at the end.
 *
 * A write error (a full disk: ENOSPC, EIO) is reported as an
 * {@link OutputError} naming the path and the system's reason.
 */
import { accessSync, closeSync, constants, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** `--out` could not be written; the message names the path and the reason. */
export class OutputError extends Error {}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such directory',
    EROFS: 'read-only file system',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
  };
  return err.code ? `${err.code}: ${text[err.code] ?? err.message}` : String(e);
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

export class OutputFile {
  private tempPath: string | undefined;
  private tempFd: number | undefined;

  /** Checks (and for a regular file, prepares) `path` at once. @throws OutputError */
  constructor(readonly path: string) {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(`--out ${path}: cannot write there (${reason(e)})`);
    }
    if (st?.isDirectory()) throw new OutputError(`--out ${path}: is a directory; name a file, e.g. --out ${join(path, 'summary.json')}`);
    if (st !== undefined && !st.isFile()) {
      try {
        accessSync(path, constants.W_OK);
      } catch (e) {
        throw new OutputError(`--out ${path}: cannot write there (${reason(e)})`);
      }
      return; // a device or a FIFO: written directly at the end
    }
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      this.tempFd = openSync(temp, 'wx', 0o644);
    } catch (e) {
      throw new OutputError(`--out ${path}: cannot write there (${reason(e)})`);
    }
    this.tempPath = temp;
  }

  /** Write the complete content and put it in place. @throws OutputError (nothing partial is left at `path` for a regular file) */
  commit(text: string): void {
    try {
      if (this.tempFd === undefined) {
        const fd = openSync(this.path, 'w');
        try {
          writeAll(fd, text);
        } finally {
          closeSync(fd);
        }
        return;
      }
      writeAll(this.tempFd, text);
      fsyncSync(this.tempFd);
      closeSync(this.tempFd);
      this.tempFd = undefined;
      renameSync(this.tempPath!, this.path);
      this.tempPath = undefined;
    } catch (e) {
      throw new OutputError(`--out ${this.path}: the summary could not be written (${reason(e)}); it is on standard output only`);
    } finally {
      this.discard();
    }
  }

  /** Remove the temporary file (the run did not finish); the target is left as it was. */
  discard(): void {
    if (this.tempFd !== undefined) {
      try {
        closeSync(this.tempFd);
      } catch {
        // already closed
      }
      this.tempFd = undefined;
    }
    if (this.tempPath !== undefined) {
      try {
        unlinkSync(this.tempPath);
      } catch {
        // already gone
      }
      this.tempPath = undefined;
    }
  }
}
