import { pino } from 'pino';
import { startWorkerService } from '/work/main/worker/worker-service.ts';
const t0 = Date.now();
const svc = await startWorkerService({ queue: { redisUrl: 'redis://127.0.0.1:6379', prefix: 'scratch-bot' }, source: { model: '/work/main/test/fixtures/tiny-gpt2', threads: 1 }, log: pino({ level: 'warn' }) });
console.log('started', Date.now() - t0, svc.model);
await svc.stop(1000);
console.log('stopped', Date.now() - t0);
process.exit(0);
