import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../common/errors.ts';

/**
 * One process per PGlite folder. PGlite has no lock of its own: two processes opening one
 * folder both write to it, and a fresh folder was left unopenable (5 of 6 tries). The lock is
 * a file beside the folder (`<folder>.lock`, not inside it, where PGlite expects only its own
 * files) holding the owner's pid and host; a lock whose process is gone is taken over.
 */
export interface FolderLock {
  file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function owner(file: string): { pid: number; host: string } | undefined {
  try {
    const [pid, host] = readFileSync(file, 'utf8').trim().split(' ');
    return Number.isInteger(Number(pid)) ? { pid: Number(pid), host: host ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the folder's lock or throw a one-line `bad_option` error naming the process that holds it.
 *
 * @example const lock = lockPgliteFolder('/data/pglite'); … lock.release();
 */
export function lockPgliteFolder(dataDir: string): FolderLock {
  const file = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid} ${hostname()}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (owner(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError('bad_option', `cannot lock the embedded database folder ${dataDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
    const held = owner(file);
    const sameHost = held?.host === hostname();
    if (held && (!sameHost || alive(held.pid))) {
      throw new InputError(
        'bad_option',
        `the embedded database folder ${dataDir} is in use by another hunt process (pid ${held.pid}${sameHost ? '' : ` on ${held.host}`}); ` +
          'stop it, give this one another HUNT_DATA_DIR, or share a PostgreSQL server with DATABASE_URL',
      );
    }
    // the process that held it is gone (killed, crashed): take the lock over
    rmSync(file, { force: true });
  }
  throw new InputError('bad_option', `the embedded database folder ${dataDir} is being opened by another hunt process at this moment; try again`);
}
