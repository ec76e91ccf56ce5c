/**
 * The two probability distributions the experiment statistics need, written out because the domain
 * must stay dependency-free:
 *  - the standard normal CDF (for the two-proportion z-test), and
 *  - the chi-square survival function (for the sample ratio mismatch check).
 *
 * Both must stay accurate far in the tails: an SRM alarm fires at p < 0.001 and a strong result has
 * p ~ 1e-6, where cheap textbook approximations (e.g. Abramowitz-Stegun 7.1.26, absolute error ~1e-7)
 * have no correct digits left.
 */

// ---------------------------------------------------------------------------------------------------
// Standard normal CDF: W. J. Cody's ANORM (ACM TOMS Algorithm 715, SPECFUN, 1993), built on the rational
// Chebyshev approximations of Cody, "Rational Chebyshev approximations for the error function",
// Math. Comp. 1969. Relative error near machine precision in both tails.
// The coefficients are Cody's published 20-digit values written as the nearest doubles (the same values
// at runtime; the lint rule no-loss-of-precision refuses literals with more digits than a double holds).
// ---------------------------------------------------------------------------------------------------

/** |x| <= 0.66291: Φ(x) = 1/2 + x·A(x²)/B(x²). */
const CENTRAL_NUM = [
  2.2352520354606837, 1.6102823106855587e2, 1.0676894854603709e3, 1.815498125334356e4,
  6.568233791820745e-2,
];
const CENTRAL_DEN = [4.7202581904688245e1, 9.760985517377767e2, 1.0260932208618979e4, 4.550778933502673e4];

/** 0.66291 < |x| <= sqrt(32): tail = exp(-x²/2)·C(|x|)/D(|x|). */
const MIDDLE_NUM = [
  3.9894151208813466e-1, 8.883149794388377, 9.350665613217785e1, 5.972702763948002e2,
  2.4945375852903726e3, 6.848190450536283e3, 1.160265143764735e4, 9.842714838383978e3,
  1.0765576773720192e-8,
];
const MIDDLE_DEN = [
  2.2266688044328117e1, 2.35387901782625e2, 1.5193775994075547e3, 6.485558298266761e3,
  1.8615571640885097e4, 3.490095272114598e4, 3.891200328609327e4, 1.9685429676859992e4,
];

/** |x| > sqrt(32): asymptotic tail = exp(-x²/2)·(1/sqrt(2π) − P(1/x²)/Q(1/x²))/|x|. */
const TAIL_NUM = [
  2.15898534057957e-1, 1.2740116116024736e-1, 2.2235277870649807e-2, 1.4216191932278934e-3,
  2.9112874951168793e-5, 2.3073441764940174e-2,
];
const TAIL_DEN = [1.284260096144911, 4.682382124808651e-1, 6.598813786892856e-2, 3.7823963320275824e-3, 7.297515550839662e-5];

const ONE_OVER_SQRT_2PI = 3.989422804014327e-1;
const CENTRAL_LIMIT = 0.66291;
const MIDDLE_LIMIT = Math.sqrt(32);

/** Φ(x) = P(Z <= x) for a standard normal Z. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);

  if (y <= CENTRAL_LIMIT) {
    const xsq = x * x;
    let num = CENTRAL_NUM[4] * xsq;
    let den = xsq;
    for (let i = 0; i < 3; i++) {
      num = (num + CENTRAL_NUM[i]) * xsq;
      den = (den + CENTRAL_DEN[i]) * xsq;
    }
    return 0.5 + (x * (num + CENTRAL_NUM[3])) / (den + CENTRAL_DEN[3]);
  }

  let upperTail: number; // P(Z > |x|)
  if (y <= MIDDLE_LIMIT) {
    let num = MIDDLE_NUM[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + MIDDLE_NUM[i]) * y;
      den = (den + MIDDLE_DEN[i]) * y;
    }
    upperTail = gaussianFactor(y) * ((num + MIDDLE_NUM[7]) / (den + MIDDLE_DEN[7]));
  } else if (y === Infinity) {
    upperTail = 0;
  } else {
    const inverseSquare = 1 / (y * y);
    let num = TAIL_NUM[5] * inverseSquare;
    let den = inverseSquare;
    for (let i = 0; i < 4; i++) {
      num = (num + TAIL_NUM[i]) * inverseSquare;
      den = (den + TAIL_DEN[i]) * inverseSquare;
    }
    const correction = (inverseSquare * (num + TAIL_NUM[4])) / (den + TAIL_DEN[4]);
    upperTail = (gaussianFactor(y) * (ONE_OVER_SQRT_2PI - correction)) / y;
  }
  // The tail is computed directly, so Φ of a very negative x keeps its relative accuracy.
  return x > 0 ? 1 - upperTail : upperTail;
}

/**
 * exp(-y²/2) without the rounding error of squaring y: y = a + b with a a multiple of 1/16 (exact
 * square), so y² = a² + (y − a)(y + a) and each exponential is computed from an accurate argument.
 */
function gaussianFactor(y: number): number {
  const rounded = Math.trunc(y * 16) / 16;
  const rest = (y - rounded) * (y + rounded);
  return Math.exp(-rounded * rounded * 0.5) * Math.exp(-rest * 0.5);
}

// ---------------------------------------------------------------------------------------------------
// Chi-square survival function through the regularised incomplete gamma function, following
// Numerical Recipes (3rd ed., §6.2: gammp/gammq with the series `gser` and the continued fraction
// `gcf` evaluated by the modified Lentz method).
// ---------------------------------------------------------------------------------------------------

/** Lanczos approximation, g = 7, n = 9: ln Γ(x) to ~15 significant digits for x > 0. */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection Γ(x)Γ(1−x) = π / sin(πx): the series below is accurate only for x >= 0.5.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) series += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

const GAMMA_EPSILON = 1e-15;
const GAMMA_MAX_ITERATIONS = 10_000;
/** Near the smallest normal double: keeps the Lentz recursion away from division by zero. */
const FLOAT_MIN = 1e-300;

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularised upper incomplete gamma function, for a > 0 and x >= 0.
 * The series converges fast for x < a + 1, the continued fraction for x >= a + 1; computing Q directly
 * by the continued fraction (instead of 1 − P) keeps small p-values accurate.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`regularizedGammaQ needs a > 0, got ${a}`);
  if (Number.isNaN(x) || x < 0) throw new RangeError(`regularizedGammaQ needs x >= 0, got ${x}`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerGammaSeries(a, x) : upperGammaContinuedFraction(a, x);
}

/** e^(−x) x^a / Γ(a), the common prefactor of both expansions, in log space to avoid overflow. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** P(a, x) by its power series (NR `gser`). */
function lowerGammaSeries(a: number, x: number): number {
  let denominator = a;
  let term = 1 / a;
  let sum = term;
  for (let i = 0; i < GAMMA_MAX_ITERATIONS; i++) {
    denominator += 1;
    term *= x / denominator;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * GAMMA_EPSILON) return sum * gammaPrefactor(a, x);
  }
  throw new Error(`incomplete gamma series did not converge for a=${a}, x=${x}`);
}

/** Q(a, x) by its continued fraction (NR `gcf`, modified Lentz). */
function upperGammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FLOAT_MIN;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i <= GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FLOAT_MIN) d = FLOAT_MIN;
    c = b + an / c;
    if (Math.abs(c) < FLOAT_MIN) c = FLOAT_MIN;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPSILON) return gammaPrefactor(a, x) * fraction;
  }
  throw new Error(`incomplete gamma continued fraction did not converge for a=${a}, x=${x}`);
}

/** P(X >= chiSquare) for X chi-square distributed with `degreesOfFreedom` (> 0) degrees of freedom. */
export function chiSquareSurvival(chiSquare: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${degreesOfFreedom}`);
  if (Number.isNaN(chiSquare)) return NaN;
  if (chiSquare <= 0) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, chiSquare / 2);
}
