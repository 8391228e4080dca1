#include "ck_trace.h"
#include "ck_math.h"

#if defined(__x86_64__)
CK_TARGET void ck_silu_grad(const float *y, const float *s, float *g, ptrdiff_t count) {
    for (ptrdiff_t i = 0; i < count; i += 8)
        _mm256_storeu_ps(g + i, ck_silu_grad8(_mm256_loadu_ps(y + i), _mm256_loadu_ps(s + i)));
}

CK_TARGET void ck_silu_grad_dot(const float *y, const float *s, const float *p, double *out, ptrdiff_t rows, ptrdiff_t n) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *yr = y + r * n, *sr = s + r * n, *pr = p + r * n;
        __m256 acc = _mm256_setzero_ps();
        for (ptrdiff_t c = 0; c < n; c += 8)
            acc = _mm256_fmadd_ps(ck_silu_grad8(_mm256_loadu_ps(yr + c), _mm256_loadu_ps(sr + c)), _mm256_loadu_ps(pr + c), acc);
        out[r] = (double)ck_hsum8(acc);
    }
}

#else
/* Not x86_64: ck_has_avx2_fma() is 0, so these are never called; they exist so the module links. */
void ck_silu_grad(const float *y, const float *s, float *g, ptrdiff_t count) { (void)y; (void)s; (void)g; (void)count; }
void ck_silu_grad_dot(const float *y, const float *s, const float *p, double *out, ptrdiff_t rows, ptrdiff_t n) {
    (void)y; (void)s; (void)p; (void)out; (void)rows; (void)n;
}
#endif
