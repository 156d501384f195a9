/** Small PCM helpers: channel mixing, int16 <-> float conversion, levels. */

/** Averages channels into one. A single channel is returned as is (not copied). */
export function toMono(channelData: readonly Float32Array[]): Float32Array {
  const first = channelData[0];
  if (!first) return new Float32Array(0);
  if (channelData.length === 1) return first;
  const n = Math.min(...channelData.map((c) => c.length));
  const out = new Float32Array(n);
  for (const ch of channelData) {
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (ch[i] as number);
  }
  const k = 1 / channelData.length;
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) * k;
  return out;
}

/** Float [-1, 1] to 16-bit PCM, clipped and rounded; NaN becomes 0. */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    if (!(v === v)) continue; // NaN
    const s = Math.round(v * 32768);
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out;
}

/** 16-bit PCM to float in [-1, 1). */
export function int16ToFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = (pcm[i] as number) / 32768;
  return out;
}

/** Root mean square level (0 for an empty array). */
export function rms(samples: Float32Array, start = 0, end = samples.length): number {
  const n = end - start;
  if (n <= 0) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) { const v = samples[i] as number; sum += v * v; }
  return Math.sqrt(sum / n);
}

/** Level in dBFS (a full-scale sine is -3 dB); -Infinity for digital silence. */
export function dbfs(level: number): number {
  return level > 0 ? 20 * Math.log10(level) : -Infinity;
}

/** Largest absolute sample. */
export function peak(samples: Float32Array): number {
  let m = 0;
  for (let i = 0; i < samples.length; i++) { const v = Math.abs(samples[i] as number); if (v > m) m = v; }
  return m;
}

/** Joins chunks into one array. */
export function concatFloat32(parts: readonly Float32Array[]): Float32Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float32Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Joins 16-bit PCM chunks into one array. */
export function concatInt16(parts: readonly Int16Array[]): Int16Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Int16Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
