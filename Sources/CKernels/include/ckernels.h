#ifndef LAB_CKERNELS_H
#define LAB_CKERNELS_H
/* AVX2+FMA versions of the hottest elementwise kernels, chosen at run time by CPU feature.
   Swift cannot compile one function for a wider ISA than the build target; C can, per function. */
#include <stddef.h>

/* 1 when this CPU has AVX2 and FMA (the ck_* kernels below may be called). */
int ck_has_avx2_fma(void);

/* 1 when the SiLU and Adam kernels take their AVX-512 loops (CPU has AVX-512 F/VL/DQ, LAB_AVX512=off not set). Those
   loops give the AVX2 loops' bits exactly, so this changes speed only. */
int ck_avx512_active(void);
/* Turns the AVX-512 loops off (0) or back on where available (1): the tests compare the two paths bit for bit. */
void ck_set_avx512(int on);
/* 1 when the CPU has AVX-512 F/VL/DQ, whatever LAB_AVX512 says. */
int ck_has_avx512_cpu(void);
/* The tests' known-bad case: 1/x as the AVX-512 kernels take it (exact) and from rcp14 (rcp14); n % 16 == 0. */
void ck_recip_paths_for_test(const float *x, float *exact, float *rcp14, ptrdiff_t n);

/* SiLU forward: s = sigmoid(z), y = z*s (same exp approximation as the Swift kernels). */
void ck_silu_forward(const float *z, float *y, float *s, ptrdiff_t n);

/* SiLU backward: dz = dy*(s + y*(1 - s)). */
void ck_silu_backward(const float *dy, const float *y, const float *s, float *dz, ptrdiff_t n);

/* AdamW: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w = w*decay - step*m/(sqrt(v)*inv_sqrt_bc2 + eps). */
void ck_adam(float *w, const float *g, float *m, float *v, ptrdiff_t n,
             float b1, float b2, float eps, float step, float inv_sqrt_bc2, float decay);
/* Sum over j < n of k0 + k0^4 + k0^16 + k0^64, k0 = exp(-c*|p_j - q|^2): four RBF bandwidths from one exp,
   lanes <= 1e-9 dropped before each squaring (as KernelMMD.swift). */
double ck_rbf4_sum(float qx, float qy, const float *px, const float *py, ptrdiff_t n, float c);
/* s[i] = sin(a[i]), c[i] = cos(a[i]) to ~1e-7 for |a| < 2^21; the same bits on every CPU path. */
void ck_sincos(const float *a, float *s, float *c, ptrdiff_t n);
#endif
