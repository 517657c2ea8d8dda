/** mulberry32: a small, fast seeded generator, so a sample chain or a failing test replays from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counting generator, passes PractRand to 2^40+),
 * seeded through splitmix32; two outputs per draw for a 53-bit uniform in (0, 1), never 0 so
 * -ln u stays finite. Simulations that take logs and small powers of uniforms (the BG/NBD
 * process) need this; the sample chain keeps mulberry32 above, whose output for a seed is part of
 * what "the same seed gives the same chain" promises.
 */
export function seededUniform53(seed: number): () => number {
  let state = seed >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let counter = 1;
  const next = (): number => {
    const out = (((s0 + s1) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    s0 = s1 ^ (s1 >>> 9);
    s1 = (s2 + (s2 << 3)) >>> 0;
    s2 = ((s2 << 21) | (s2 >>> 11)) >>> 0;
    s2 = (s2 + out) >>> 0;
    return out;
  };
  for (let i = 0; i < 12; i++) next();
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6) + 0.5) / 9007199254740992;
}
