import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../common/errors.ts';

/** The same wording as `hunt mine --out`: the option, the path and the system's error code. */
function cannotWrite(option: string, file: string, why: unknown): InputError {
  const code = typeof why === 'string' ? why : ((why as NodeJS.ErrnoException).code ?? (why as Error).message);
  return new InputError('bad_option', `cannot write ${option} ${file}: ${code}`);
}

/**
 * Fail before any work when the file an option names cannot be written (its folder is
 * missing or read-only, or the path is a folder), so a model run is not wasted on a typo.
 *
 * @example checkOutputFile('--png', 'no/such/folder/heads.png')
 * // throws InputError: "cannot write --png no/such/folder/heads.png: ENOENT"
 */
export function checkOutputFile(option: string, file: string): void {
  try {
    if (!statSync(path.dirname(file)).isDirectory()) throw cannotWrite(option, file, 'ENOTDIR');
    accessSync(path.dirname(file), constants.W_OK);
  } catch (err) {
    throw err instanceof InputError ? err : cannotWrite(option, file, err);
  }
  let isFolder = false;
  try {
    isFolder = statSync(file).isDirectory();
  } catch {
    // no such file yet: it will be created
  }
  if (isFolder) throw cannotWrite(option, file, 'EISDIR (a folder; name a file)');
}

/** Write the file an option names; a failure is one line naming the option, the path and why. */
export function writeOutputFile(option: string, file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (err) {
    throw cannotWrite(option, file, err);
  }
}
