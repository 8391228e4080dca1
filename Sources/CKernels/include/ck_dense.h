#ifndef LAB_CK_DENSE_H
#define LAB_CK_DENSE_H
/* Fused dense-layer kernels for the shapes BLAS handles worst: the narrow input layer (k <= 8 inputs, e.g. [x, y, t])
   and the 2-wide output layer, each with its bias and its SiLU (forward or backward) in the same pass over memory.
   Row-major throughout; W is [out x in] as nn.Linear. AVX2+FMA only: call when ck_has_avx2_fma() is 1. */
#include <stddef.h>

/* y = silu(x W^T + b), s = sigmoid(x W^T + b); x [rows x k], 1 <= k <= 8, n % 8 == 0. */
void ck_dense_narrow_in_silu(const float *x, ptrdiff_t k, const float *w, const float *b,
                             float *y, float *s, ptrdiff_t rows, ptrdiff_t n);

/* y = silu(z + b), s = sigmoid(z + b) over [rows x n] (the bias pass fused into the activation); n % 8 == 0. */
void ck_bias_silu(const float *z, const float *b, float *y, float *s, ptrdiff_t rows, ptrdiff_t n);

/* z = x W^T + b for a 2-wide output: x [rows x k], W [2 x k], z [rows x 2]; k % 8 == 0. */
void ck_dense_out2(const float *x, ptrdiff_t k, const float *w, const float *b, float *z, ptrdiff_t rows);

/* Backward of a 2-wide output layer whose input x = silu(z_prev) (s = sigmoid(z_prev)), in one pass:
   dw = dy^T x, db = column sums of dy, dz_prev = (dy W) * silu'(z_prev), db_prev = column sums of dz_prev. k % 8 == 0. */
void ck_dense_out2_backward_silu(const float *x, const float *s, const float *dy, const float *w,
                                 float *dw, float *db, float *dz_prev, float *db_prev, ptrdiff_t rows, ptrdiff_t k);

/* dz = dy * silu'(z) from the forward's y and s, and db = column sums of dz (the next layer down's bias gradient). */
void ck_silu_backward_colsum(const float *dy, const float *y, const float *s, float *dz, float *db,
                             ptrdiff_t rows, ptrdiff_t n);

/* Backward of the narrow input layer through its SiLU: dz = dy * silu'(z) (never stored), dw = dz^T x [n x k],
   db = column sums of dz; 1 <= k <= 8, n % 8 == 0. */
void ck_dense_narrow_in_backward_silu(const float *dy, const float *y, const float *s, const float *x, ptrdiff_t k,
                                      float *dw, float *db, ptrdiff_t rows, ptrdiff_t n);
#endif
