/**
 * Multiplication and squaring in GF(p) for P-256: the two kernels every point operation spends
 * its time in, fully unrolled over the 16 radix-2^16 limbs of `field.ts` (whose header gives the
 * limb bounds these rely on and the Solinas fold they apply).
 */
import { type Fe, INV_RADIX, RADIX } from './field.js';

/**
 * o = a · b mod p (loosely reduced; see the header). Schoolbook columns t0..t30, then the fixed
 * Solinas fold of t16..t30, then carries: two independent chains (limbs 0-7 and 8-15, which the
 * CPU overlaps), then short chains only where their carries landed (limb 8, and limbs 0, 6, 12,
 * 14, where what leaves limb 15, worth 2^256, folds back). 26 carry steps instead of two serial
 * passes' 32, in a shorter dependency chain. Fully unrolled, as in the X25519 field: a shared
 * non-inlined tail for mul and square measured 1.7 times as slow.
 *
 * @example
 * mul(u2, x2, z1z1);
 */
export function mul(o: Fe, a: Fe, b: Fe): void {
  const a0 = a[0]!, a1 = a[1]!, a2 = a[2]!, a3 = a[3]!, a4 = a[4]!, a5 = a[5]!, a6 = a[6]!, a7 = a[7]!;
  const a8 = a[8]!, a9 = a[9]!, a10 = a[10]!, a11 = a[11]!, a12 = a[12]!, a13 = a[13]!, a14 = a[14]!, a15 = a[15]!;
  const b0 = b[0]!, b1 = b[1]!, b2 = b[2]!, b3 = b[3]!, b4 = b[4]!, b5 = b[5]!, b6 = b[6]!, b7 = b[7]!;
  const b8 = b[8]!, b9 = b[9]!, b10 = b[10]!, b11 = b[11]!, b12 = b[12]!, b13 = b[13]!, b14 = b[14]!, b15 = b[15]!;
  const t0 = a0 * b0; const t1 = a0 * b1 + a1 * b0; const t2 = a0 * b2 + a1 * b1 + a2 * b0;
  const t3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0; const t4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
  const t5 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0;
  const t6 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0;
  const t7 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0;
  const t8 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0;
  const t9 = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2 + a8 * b1 + a9 * b0;
  const t10 = a0 * b10 + a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2 + a9 * b1 + a10 * b0;
  const t11 = a0 * b11 + a1 * b10 + a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + a9 * b2 + a10 * b1 + a11 * b0;
  const t12 = a0 * b12 + a1 * b11 + a2 * b10 + a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + a9 * b3 + a10 * b2 + a11 * b1 + a12 * b0;
  const t13 = a0 * b13 + a1 * b12 + a2 * b11 + a3 * b10 + a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + a9 * b4 + a10 * b3 + a11 * b2 + a12 * b1 + a13 * b0;
  const t14 = a0 * b14 + a1 * b13 + a2 * b12 + a3 * b11 + a4 * b10 + a5 * b9 + a6 * b8 + a7 * b7 + a8 * b6 + a9 * b5 + a10 * b4 + a11 * b3 + a12 * b2 + a13 * b1 + a14 * b0;
  const t15 = a0 * b15 + a1 * b14 + a2 * b13 + a3 * b12 + a4 * b11 + a5 * b10 + a6 * b9 + a7 * b8 + a8 * b7 + a9 * b6 + a10 * b5 + a11 * b4 + a12 * b3 + a13 * b2 + a14 * b1 + a15 * b0;
  const t16 = a1 * b15 + a2 * b14 + a3 * b13 + a4 * b12 + a5 * b11 + a6 * b10 + a7 * b9 + a8 * b8 + a9 * b7 + a10 * b6 + a11 * b5 + a12 * b4 + a13 * b3 + a14 * b2 + a15 * b1;
  const t17 = a2 * b15 + a3 * b14 + a4 * b13 + a5 * b12 + a6 * b11 + a7 * b10 + a8 * b9 + a9 * b8 + a10 * b7 + a11 * b6 + a12 * b5 + a13 * b4 + a14 * b3 + a15 * b2;
  const t18 = a3 * b15 + a4 * b14 + a5 * b13 + a6 * b12 + a7 * b11 + a8 * b10 + a9 * b9 + a10 * b8 + a11 * b7 + a12 * b6 + a13 * b5 + a14 * b4 + a15 * b3;
  const t19 = a4 * b15 + a5 * b14 + a6 * b13 + a7 * b12 + a8 * b11 + a9 * b10 + a10 * b9 + a11 * b8 + a12 * b7 + a13 * b6 + a14 * b5 + a15 * b4;
  const t20 = a5 * b15 + a6 * b14 + a7 * b13 + a8 * b12 + a9 * b11 + a10 * b10 + a11 * b9 + a12 * b8 + a13 * b7 + a14 * b6 + a15 * b5;
  const t21 = a6 * b15 + a7 * b14 + a8 * b13 + a9 * b12 + a10 * b11 + a11 * b10 + a12 * b9 + a13 * b8 + a14 * b7 + a15 * b6;
  const t22 = a7 * b15 + a8 * b14 + a9 * b13 + a10 * b12 + a11 * b11 + a12 * b10 + a13 * b9 + a14 * b8 + a15 * b7;
  const t23 = a8 * b15 + a9 * b14 + a10 * b13 + a11 * b12 + a12 * b11 + a13 * b10 + a14 * b9 + a15 * b8;
  const t24 = a9 * b15 + a10 * b14 + a11 * b13 + a12 * b12 + a13 * b11 + a14 * b10 + a15 * b9;
  const t25 = a10 * b15 + a11 * b14 + a12 * b13 + a13 * b12 + a14 * b11 + a15 * b10;
  const t26 = a11 * b15 + a12 * b14 + a13 * b13 + a14 * b12 + a15 * b11;
  const t27 = a12 * b15 + a13 * b14 + a14 * b13 + a15 * b12; const t28 = a13 * b15 + a14 * b14 + a15 * b13;
  const t29 = a14 * b15 + a15 * b14; const t30 = a15 * b15;
  let r0 = t0 + (t16 + t18) - (t22 + t24 + t26 + t28); let r1 = t1 + (t17 + t19) - (t23 + t25 + t27 + t29);
  let r2 = t2 + (t18 + t20) - (t24 + t26 + t28 + t30); let r3 = t3 + (t19 + t21) - (t25 + t27 + t29);
  let r4 = t4 + (t20 + t22) - (t26 + t28 + t30); let r5 = t5 + (t21 + t23) - (t27 + t29);
  let r6 = t6 + 2 * (t22 + t24) + t26 - (t16 + t18 + t30); let r7 = t7 + 2 * (t23 + t25) + t27 - (t17 + t19);
  let r8 = t8 + 2 * (t24 + t26) + t28 - (t18 + t20); let r9 = t9 + 2 * (t25 + t27) + t29 - (t19 + t21);
  let r10 = t10 + 2 * (t26 + t28) + t30 - (t20 + t22); let r11 = t11 + 2 * (t27 + t29) - (t21 + t23);
  let r12 = t12 + 3 * t28 + 2 * t30 + t26 - (t16 + t18); let r13 = t13 + 3 * t29 + t27 - (t17 + t19);
  let r14 = t14 + 3 * t30 + t16 - (t20 + t22 + t24 + t26); let r15 = t15 + t17 - (t21 + t23 + t25 + t27);
  // two independent carry chains, limbs 0-7 and 8-15, then short chains where their carries land
  let ca, cb, c;
  ca = Math.floor(r0 * INV_RADIX); r0 -= ca * RADIX; cb = Math.floor(r8 * INV_RADIX); r8 -= cb * RADIX;
  r1 += ca; ca = Math.floor(r1 * INV_RADIX); r1 -= ca * RADIX; r9 += cb; cb = Math.floor(r9 * INV_RADIX); r9 -= cb * RADIX;
  r2 += ca; ca = Math.floor(r2 * INV_RADIX); r2 -= ca * RADIX; r10 += cb; cb = Math.floor(r10 * INV_RADIX); r10 -= cb * RADIX;
  r3 += ca; ca = Math.floor(r3 * INV_RADIX); r3 -= ca * RADIX; r11 += cb; cb = Math.floor(r11 * INV_RADIX); r11 -= cb * RADIX;
  r4 += ca; ca = Math.floor(r4 * INV_RADIX); r4 -= ca * RADIX; r12 += cb; cb = Math.floor(r12 * INV_RADIX); r12 -= cb * RADIX;
  r5 += ca; ca = Math.floor(r5 * INV_RADIX); r5 -= ca * RADIX; r13 += cb; cb = Math.floor(r13 * INV_RADIX); r13 -= cb * RADIX;
  r6 += ca; ca = Math.floor(r6 * INV_RADIX); r6 -= ca * RADIX; r14 += cb; cb = Math.floor(r14 * INV_RADIX); r14 -= cb * RADIX;
  r7 += ca; ca = Math.floor(r7 * INV_RADIX); r7 -= ca * RADIX; r15 += cb; cb = Math.floor(r15 * INV_RADIX); r15 -= cb * RADIX;
  r8 += ca; r0 += cb; r6 -= cb; r12 -= cb; r14 += cb;
  c = Math.floor(r0 * INV_RADIX); r0 -= c * RADIX; r1 += c; c = Math.floor(r1 * INV_RADIX); r1 -= c * RADIX; r2 += c;
  c = Math.floor(r6 * INV_RADIX); r6 -= c * RADIX; r7 += c; c = Math.floor(r7 * INV_RADIX); r7 -= c * RADIX; r8 += c;
  c = Math.floor(r8 * INV_RADIX); r8 -= c * RADIX; r9 += c; c = Math.floor(r9 * INV_RADIX); r9 -= c * RADIX; r10 += c;
  c = Math.floor(r12 * INV_RADIX); r12 -= c * RADIX; r13 += c; c = Math.floor(r13 * INV_RADIX); r13 -= c * RADIX; r14 += c;
  c = Math.floor(r14 * INV_RADIX); r14 -= c * RADIX; r15 += c; c = Math.floor(r15 * INV_RADIX); r15 -= c * RADIX;
  r0 += c; r6 -= c; r12 -= c; r14 += c;
  o[0] = r0; o[1] = r1; o[2] = r2; o[3] = r3; o[4] = r4; o[5] = r5; o[6] = r6; o[7] = r7;
  o[8] = r8; o[9] = r9; o[10] = r10; o[11] = r11; o[12] = r12; o[13] = r13; o[14] = r14; o[15] = r15;
}

/**
 * o = a² mod p: {@link mul} with each cross product a_i·a_j + a_j·a_i computed once as
 * (2·a_i)·a_j, 136 products instead of 256; the same fold and carries.
 *
 * @example
 * square(z1z1, z1);
 */
export function square(o: Fe, a: Fe): void {
  const a0 = a[0]!, a1 = a[1]!, a2 = a[2]!, a3 = a[3]!, a4 = a[4]!, a5 = a[5]!, a6 = a[6]!, a7 = a[7]!;
  const a8 = a[8]!, a9 = a[9]!, a10 = a[10]!, a11 = a[11]!, a12 = a[12]!, a13 = a[13]!, a14 = a[14]!, a15 = a[15]!;
  const d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3, d4 = 2 * a4, d5 = 2 * a5, d6 = 2 * a6, d7 = 2 * a7;
  const d8 = 2 * a8, d9 = 2 * a9, d10 = 2 * a10, d11 = 2 * a11, d12 = 2 * a12, d13 = 2 * a13, d14 = 2 * a14; const t0 = a0 * a0;
  const t1 = d0 * a1; const t2 = d0 * a2 + a1 * a1; const t3 = d0 * a3 + d1 * a2; const t4 = d0 * a4 + d1 * a3 + a2 * a2;
  const t5 = d0 * a5 + d1 * a4 + d2 * a3; const t6 = d0 * a6 + d1 * a5 + d2 * a4 + a3 * a3;
  const t7 = d0 * a7 + d1 * a6 + d2 * a5 + d3 * a4; const t8 = d0 * a8 + d1 * a7 + d2 * a6 + d3 * a5 + a4 * a4;
  const t9 = d0 * a9 + d1 * a8 + d2 * a7 + d3 * a6 + d4 * a5;
  const t10 = d0 * a10 + d1 * a9 + d2 * a8 + d3 * a7 + d4 * a6 + a5 * a5;
  const t11 = d0 * a11 + d1 * a10 + d2 * a9 + d3 * a8 + d4 * a7 + d5 * a6;
  const t12 = d0 * a12 + d1 * a11 + d2 * a10 + d3 * a9 + d4 * a8 + d5 * a7 + a6 * a6;
  const t13 = d0 * a13 + d1 * a12 + d2 * a11 + d3 * a10 + d4 * a9 + d5 * a8 + d6 * a7;
  const t14 = d0 * a14 + d1 * a13 + d2 * a12 + d3 * a11 + d4 * a10 + d5 * a9 + d6 * a8 + a7 * a7;
  const t15 = d0 * a15 + d1 * a14 + d2 * a13 + d3 * a12 + d4 * a11 + d5 * a10 + d6 * a9 + d7 * a8;
  const t16 = d1 * a15 + d2 * a14 + d3 * a13 + d4 * a12 + d5 * a11 + d6 * a10 + d7 * a9 + a8 * a8;
  const t17 = d2 * a15 + d3 * a14 + d4 * a13 + d5 * a12 + d6 * a11 + d7 * a10 + d8 * a9;
  const t18 = d3 * a15 + d4 * a14 + d5 * a13 + d6 * a12 + d7 * a11 + d8 * a10 + a9 * a9;
  const t19 = d4 * a15 + d5 * a14 + d6 * a13 + d7 * a12 + d8 * a11 + d9 * a10;
  const t20 = d5 * a15 + d6 * a14 + d7 * a13 + d8 * a12 + d9 * a11 + a10 * a10;
  const t21 = d6 * a15 + d7 * a14 + d8 * a13 + d9 * a12 + d10 * a11;
  const t22 = d7 * a15 + d8 * a14 + d9 * a13 + d10 * a12 + a11 * a11; const t23 = d8 * a15 + d9 * a14 + d10 * a13 + d11 * a12;
  const t24 = d9 * a15 + d10 * a14 + d11 * a13 + a12 * a12; const t25 = d10 * a15 + d11 * a14 + d12 * a13;
  const t26 = d11 * a15 + d12 * a14 + a13 * a13; const t27 = d12 * a15 + d13 * a14; const t28 = d13 * a15 + a14 * a14;
  const t29 = d14 * a15; const t30 = a15 * a15;
  let r0 = t0 + (t16 + t18) - (t22 + t24 + t26 + t28); let r1 = t1 + (t17 + t19) - (t23 + t25 + t27 + t29);
  let r2 = t2 + (t18 + t20) - (t24 + t26 + t28 + t30); let r3 = t3 + (t19 + t21) - (t25 + t27 + t29);
  let r4 = t4 + (t20 + t22) - (t26 + t28 + t30); let r5 = t5 + (t21 + t23) - (t27 + t29);
  let r6 = t6 + 2 * (t22 + t24) + t26 - (t16 + t18 + t30); let r7 = t7 + 2 * (t23 + t25) + t27 - (t17 + t19);
  let r8 = t8 + 2 * (t24 + t26) + t28 - (t18 + t20); let r9 = t9 + 2 * (t25 + t27) + t29 - (t19 + t21);
  let r10 = t10 + 2 * (t26 + t28) + t30 - (t20 + t22); let r11 = t11 + 2 * (t27 + t29) - (t21 + t23);
  let r12 = t12 + 3 * t28 + 2 * t30 + t26 - (t16 + t18); let r13 = t13 + 3 * t29 + t27 - (t17 + t19);
  let r14 = t14 + 3 * t30 + t16 - (t20 + t22 + t24 + t26); let r15 = t15 + t17 - (t21 + t23 + t25 + t27);
  // two independent carry chains, limbs 0-7 and 8-15, then short chains where their carries land
  let ca, cb, c;
  ca = Math.floor(r0 * INV_RADIX); r0 -= ca * RADIX; cb = Math.floor(r8 * INV_RADIX); r8 -= cb * RADIX;
  r1 += ca; ca = Math.floor(r1 * INV_RADIX); r1 -= ca * RADIX; r9 += cb; cb = Math.floor(r9 * INV_RADIX); r9 -= cb * RADIX;
  r2 += ca; ca = Math.floor(r2 * INV_RADIX); r2 -= ca * RADIX; r10 += cb; cb = Math.floor(r10 * INV_RADIX); r10 -= cb * RADIX;
  r3 += ca; ca = Math.floor(r3 * INV_RADIX); r3 -= ca * RADIX; r11 += cb; cb = Math.floor(r11 * INV_RADIX); r11 -= cb * RADIX;
  r4 += ca; ca = Math.floor(r4 * INV_RADIX); r4 -= ca * RADIX; r12 += cb; cb = Math.floor(r12 * INV_RADIX); r12 -= cb * RADIX;
  r5 += ca; ca = Math.floor(r5 * INV_RADIX); r5 -= ca * RADIX; r13 += cb; cb = Math.floor(r13 * INV_RADIX); r13 -= cb * RADIX;
  r6 += ca; ca = Math.floor(r6 * INV_RADIX); r6 -= ca * RADIX; r14 += cb; cb = Math.floor(r14 * INV_RADIX); r14 -= cb * RADIX;
  r7 += ca; ca = Math.floor(r7 * INV_RADIX); r7 -= ca * RADIX; r15 += cb; cb = Math.floor(r15 * INV_RADIX); r15 -= cb * RADIX;
  r8 += ca; r0 += cb; r6 -= cb; r12 -= cb; r14 += cb;
  c = Math.floor(r0 * INV_RADIX); r0 -= c * RADIX; r1 += c; c = Math.floor(r1 * INV_RADIX); r1 -= c * RADIX; r2 += c;
  c = Math.floor(r6 * INV_RADIX); r6 -= c * RADIX; r7 += c; c = Math.floor(r7 * INV_RADIX); r7 -= c * RADIX; r8 += c;
  c = Math.floor(r8 * INV_RADIX); r8 -= c * RADIX; r9 += c; c = Math.floor(r9 * INV_RADIX); r9 -= c * RADIX; r10 += c;
  c = Math.floor(r12 * INV_RADIX); r12 -= c * RADIX; r13 += c; c = Math.floor(r13 * INV_RADIX); r13 -= c * RADIX; r14 += c;
  c = Math.floor(r14 * INV_RADIX); r14 -= c * RADIX; r15 += c; c = Math.floor(r15 * INV_RADIX); r15 -= c * RADIX;
  r0 += c; r6 -= c; r12 -= c; r14 += c;
  o[0] = r0; o[1] = r1; o[2] = r2; o[3] = r3; o[4] = r4; o[5] = r5; o[6] = r6; o[7] = r7;
  o[8] = r8; o[9] = r9; o[10] = r10; o[11] = r11; o[12] = r12; o[13] = r13; o[14] = r14; o[15] = r15;
}
