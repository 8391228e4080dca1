#ifndef LAB_CK_TRACE_H
#define LAB_CK_TRACE_H
/* The two elementwise passes of the likelihood's one-product Jacobian trace (MLP.bilinearTrace):
   tr J = s2' (M s1') per row, with s' = SiLU'(z) from the forward's y and sigmoid. AVX2+FMA only: call when
   ck_has_avx2_fma() is 1. */
#include <stddef.h>

/* g = s + y(1 - s) over count entries (SiLU' from the forward's y and s); count % 8 == 0. */
void ck_silu_grad(const float *y, const float *s, float *g, ptrdiff_t count);

/* out[r] = sum_j (s + y(1 - s))[r, j] * p[r, j] over [rows x n]: SiLU' of the top hidden layer dotted with the
   product row, eight lanes at a time; n % 8 == 0. */
void ck_silu_grad_dot(const float *y, const float *s, const float *p, double *out, ptrdiff_t rows, ptrdiff_t n);
#endif
