#ifndef LAB_CK_BLAS_H
#define LAB_CK_BLAS_H
/* OpenBLAS, loaded on first use after telling it the CPU. OpenBLAS picks its kernels when it loads, from a table of
   CPU models; a model newer than its table (this machine's Xeon under OpenBLAS 0.3.21) falls back to Prescott's SSE3
   kernels, 3x slower than the AVX2/AVX-512 ones the CPU runs. Loading it here, with OPENBLAS_CORETYPE set from the
   CPU's own feature flags when the user has not set it, gets the right kernels on every CPU. All matrices row-major. */
#include <stddef.h>

/* C = alpha op(A) op(B) + beta C: libxsmm's kernel when it takes the product (below), else OpenBLAS. */
void ck_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
              const float *b, int ldb, float beta, float *c, int ldc);
/* Upper triangle of C = alpha A A^T + beta C, A n x k. */
void ck_ssyrk_upper(int n, int k, float alpha, const float *a, int lda, float beta, float *c, int ldc);
/* C = alpha S B + beta C with S symmetric (upper triangle read), m x m, B m x n. */
void ck_ssymm_left_upper(int m, int n, float alpha, const float *s, int lds, const float *b, int ldb,
                         float beta, float *c, int ldc);
/* The same product in OpenBLAS, always (tests compare the two). */
void ck_sgemm_openblas(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                       const float *b, int ldb, float beta, float *c, int ldc);
/* The same product through libxsmm's JIT kernels when they are loaded and take it (xsmm.c); 0: it did not, use OpenBLAS. */
int ck_xsmm_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda, const float *b,
                  int ldb, float beta, float *c, int ldc);
/* The libxsmm library in use, or NULL (not found, or LAB_GEMM=openblas). */
const char *ck_xsmm_loaded(void);
/* OpenBLAS's thread count. */
void ck_blas_set_threads(int n);
/* The kernel family OpenBLAS runs (e.g. "SkylakeX"), after loading it. */
const char *ck_blas_core(void);
#endif
