// Preloaded (`--expose-gc --import`) into a dev server whose resident memory the bench reads at
// rest: SIGUSR2 runs a full garbage collection first, so garbage left by the start is not counted.
process.on('SIGUSR2', () => globalThis.gc?.())
