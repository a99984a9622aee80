import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * The machine's fp32 peak FLOP rate, estimated as cores × clock × FLOPs per cycle:
 * - cores: the processors this process may run on (Cpus_allowed_list), as the bench pins to them;
 * - clock: "cpu MHz" of /proc/cpuinfo (under a hypervisor often the base clock: boost can beat it);
 * - FLOPs per cycle per core from the SIMD flags: two FMA pipes × lanes × 2 (multiply + add):
 *   AVX-512 on Intel: 2 × 16 × 2 = 64; AVX-512 on AMD Zen 4 (family 0x19), which splits each
 *   512-bit op over its two 256-bit pipes, and AVX2 + FMA: 2 × 8 × 2 = 32; SSE only: 2 × 4 × 2 = 16.
 */
export interface CpuPeak {
  cores: number[];
  model: string;
  mhz: number;
  simd: string;
  flopsPerCycle: number;
  gflops: number;
  how: string;
}

/** 0-based processor ids this process may run on, from /proc/self/status (all cores when unreadable). */
export function allowedCores(): number[] {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('Cpus_allowed_list:'));
    if (line) {
      return line
        .split(':')[1]
        .trim()
        .split(',')
        .flatMap((part) => {
          const [a, b] = part.split('-').map(Number);
          return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
        });
    }
  } catch {
    // not Linux: fall through
  }
  return os.cpus().map((_, i) => i);
}

export function estimateCpuPeak(cores = allowedCores()): CpuPeak {
  let info = '';
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    info = '';
  }
  const field = (name: string) => info.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim() ?? '';
  const flags = new Set(field('flags').split(/\s+/));
  const vendor = field('vendor_id');
  const family = Number(field('cpu family'));
  const mhz = Number(field('cpu MHz')) || os.cpus()[0]?.speed || 0;
  let simd: string;
  let flopsPerCycle: number;
  if (flags.has('avx512f') && !(vendor === 'AuthenticAMD' && family === 0x19)) {
    simd = 'AVX-512 (2 × 512-bit FMA)';
    flopsPerCycle = 64;
  } else if (flags.has('avx512f')) {
    simd = 'AVX-512 on AMD Zen 4 (2 × 256-bit FMA pipes)';
    flopsPerCycle = 32;
  } else if (flags.has('avx2') && flags.has('fma')) {
    simd = 'AVX2 + FMA (2 × 256-bit FMA)';
    flopsPerCycle = 32;
  } else {
    simd = 'SSE (no FMA)';
    flopsPerCycle = 16;
  }
  const gflops = (cores.length * mhz * flopsPerCycle) / 1000;
  const model = field('model name') || os.cpus()[0]?.model || 'unknown CPU';
  return {
    cores,
    model,
    mhz,
    simd,
    flopsPerCycle,
    gflops,
    how: `${cores.length} cores × ${(mhz / 1000).toFixed(2)} GHz (cpu MHz in /proc/cpuinfo) × ${flopsPerCycle} FLOP/cycle [${simd}] = ${gflops.toFixed(0)} GFLOP/s`,
  };
}
