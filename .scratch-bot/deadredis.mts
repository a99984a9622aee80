import { JobProducer } from '/work/main/queue/job-producer.ts';
process.on('uncaughtException', (e) => { console.log('UNCAUGHT', e.message); });
const p = new JobProducer({ redisUrl: 'redis://127.0.0.1:1', prefix: 'x' });
const t0 = Date.now();
try { await p.enqueue('complete', { prompt: 'hi' }, { userId: 'u' }); console.log('ok'); } catch (e) { console.log('ERR', (e as Error).constructor.name, (e as Error).message, Date.now() - t0); }
await p.close().catch((e) => console.log('close err', e.message));
console.log('done', Date.now() - t0);
process.exit(0);
