/**
 * Discrete Fourier transform of any length: iterative radix-2 Cooley–Tukey for powers of two, Bluestein's chirp-z
 * algorithm (Bluestein 1970) for every other length, so a 12,000-sample window (1 s at 12 kHz) has exact 1 Hz
 * bins and Parseval holds without zero-padding.
 *
 * Written here rather than taken from npm: it is about a hundred lines, the platform needs nothing but this one
 * transform, the common packages (fft.js, fft-js) handle powers of two only, and a dependency-free analytics
 * package stays small enough for the edge build.
 */

/** Complex vector as two arrays (split layout: no per-element objects, fast in V8). */
export interface ComplexArray {
  re: Float64Array;
  im: Float64Array;
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** cos/sin of 2πk/n for k < n/2, per transform size (windows of one size repeat, so this is computed once). */
const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddles(n: number) {
  let t = twiddleCache.get(n);
  if (!t) {
    t = { cos: new Float64Array(n / 2), sin: new Float64Array(n / 2) };
    for (let k = 0; k < n / 2; k++) {
      t.cos[k] = Math.cos((2 * Math.PI * k) / n);
      t.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    twiddleCache.set(n, t);
  }
  return t;
}

/** In-place radix-2 transform; `inverse` flips the sign of the exponent (no 1/n scaling here). */
function radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i];
      re[i] = re[j];
      re[j] = tr;
      const ti = im[i];
      im[i] = im[j];
      im[j] = ti;
    }
  }
  const { cos, sin } = twiddles(n);
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = sign * sin[k * step];
        const a = start + k;
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

interface Chirp {
  m: number;
  /** w_k = exp(−iπk²/n), k < n. */
  wr: Float64Array;
  wi: Float64Array;
  /** Transform (size m) of the conjugate chirp, wrapped for circular convolution. */
  br: Float64Array;
  bi: Float64Array;
}
const chirpCache = new Map<number, Chirp>();

function chirp(n: number): Chirp {
  let c = chirpCache.get(n);
  if (c) return c;
  const m = nextPowerOfTwo(2 * n - 1);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    // k² mod 2n keeps the angle small, so it stays exact for long signals.
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(angle);
    wi[k] = -Math.sin(angle);
    br[k] = wr[k];
    bi[k] = -wi[k];
    if (k > 0) {
      br[m - k] = wr[k];
      bi[m - k] = -wi[k];
    }
  }
  radix2(br, bi, false);
  c = { m, wr, wi, br, bi };
  if (chirpCache.size > 16) chirpCache.clear();
  chirpCache.set(n, c);
  return c;
}

/** Forward DFT of any length by Bluestein: X_k = w_k · Σ_j (x_j w_j) conj(w_{k−j}), a convolution done by FFT. */
function bluestein(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  const { m, wr, wi, br, bi } = chirp(n);
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k] * wr[k] - im[k] * wi[k];
    ai[k] = re[k] * wi[k] + im[k] * wr[k];
  }
  radix2(ar, ai, false);
  for (let k = 0; k < m; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  radix2(ar, ai, true);
  for (let k = 0; k < n; k++) {
    const cr = ar[k] / m;
    const ci = ai[k] / m;
    re[k] = cr * wr[k] - ci * wi[k];
    im[k] = cr * wi[k] + ci * wr[k];
  }
}

/** Forward DFT X_k = Σ x_j e^{−2πijk/n}, any n. Returns new arrays; the input is not modified. */
export function fft(re: ArrayLike<number>, im?: ArrayLike<number>): ComplexArray {
  const out = { re: Float64Array.from(re), im: im ? Float64Array.from(im) : new Float64Array(re.length) };
  if (out.re.length <= 1) return out;
  if (isPowerOfTwo(out.re.length)) radix2(out.re, out.im, false);
  else bluestein(out.re, out.im);
  return out;
}

/** Inverse DFT with the 1/n scaling, so ifft(fft(x)) = x. Uses conj(DFT(conj X))/n. */
export function ifft(re: ArrayLike<number>, im: ArrayLike<number>): ComplexArray {
  const n = re.length;
  const negIm = Float64Array.from(im, (v) => -v);
  const out = fft(re, negIm);
  for (let k = 0; k < n; k++) {
    out.re[k] /= n;
    out.im[k] = -out.im[k] / n;
  }
  return out;
}
