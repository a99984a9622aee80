import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
const dir = '/work/main/node_modules/@electric-sql/pglite/dist/';
let t = performance.now();
const pgliteWasmModule = await WebAssembly.compile(readFileSync(dir + 'pglite.wasm'));
const initdbWasmModule = await WebAssembly.compile(readFileSync(dir + 'initdb.wasm'));
const fsBundle = new Blob([readFileSync(dir + 'pglite.data')]);
console.log('compile', (performance.now() - t).toFixed(0));
for (let i = 0; i < 2; i++) {
  t = performance.now();
  const d = await PGlite.create('memory://', { pgliteWasmModule, initdbWasmModule, fsBundle });
  console.log('create with modules', (performance.now() - t).toFixed(0));
  await d.exec('create table x (a int); insert into x values (1)');
  t = performance.now();
  const dump = await d.dumpDataDir('none');
  console.log('dump', (performance.now() - t).toFixed(0), dump.size);
  await d.close();
  t = performance.now();
  const e = await PGlite.create('memory://', { pgliteWasmModule, initdbWasmModule, fsBundle, loadDataDir: dump });
  console.log('create from dump', (performance.now() - t).toFixed(0), JSON.stringify((await e.query('select * from x')).rows));
  await e.close();
}
