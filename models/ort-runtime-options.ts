/**
 * onnxruntime settings for both engines' sessions (the graph engine's, and transformers.js's on the hub
 * export), chosen by measurement on the graph engine with GPT-2 small (README, Speed):
 * - no CPU memory arena (HUNT_ORT_ARENA=1 turns it on): with it a long-lived worker keeps the peak of
 *   every run (the scoring tail's temporaries, ≈ 0.4 GB at 512 rows) for good; without, it hands them
 *   back, and the runs took the same CPU time;
 * - weights prepacked for MLAS's matrix kernels (HUNT_ORT_PREPACK=0 turns it off): a packed copy of
 *   every MatMul weight costs ≈ 0.6 GB and most of the session's start-up, and saves ≈ 13% of a long
 *   prompt's CPU time; with it off the weights stay in the mapped safetensors file, read on demand;
 * - intra-op threads that sleep when idle instead of spinning (HUNT_ORT_SPIN=1 spins): on a shared
 *   machine a spinning thread burns the CPU its sibling needs, and a generation step (hundreds of
 *   small ops) took twice the CPU and wall time.
 */
export function ortRuntimeOptions(env: NodeJS.ProcessEnv = process.env): { enableCpuMemArena: boolean; extra: { session: Record<string, string> } } {
  return {
    enableCpuMemArena: env.HUNT_ORT_ARENA === '1',
    extra: {
      session: {
        ...(env.HUNT_ORT_PREPACK === '0' ? { disable_prepacking: '1' } : {}),
        ...(env.HUNT_ORT_SPIN === '1' ? {} : { 'intra_op.allow_spinning': '0' }),
      },
    },
  };
}
