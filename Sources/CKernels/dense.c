#include "ck_dense.h"
#include "ck_math.h"
#include "ck_math512.h"

#if defined(__x86_64__)
#define CK_INLINE CK_TARGET static inline __attribute__((always_inline))

/* Column c's 8 weights of input j from W [n x k]: W[c..c+8, j]. */
CK_INLINE __m256 ck_weight_column(const float *w, ptrdiff_t k, ptrdiff_t c, int j) {
    const __m256i idx = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int)k));
    return _mm256_i32gather_ps(w + c * k + j, idx, 4);
}

/* SiLU of one row with its bias, in place allowed (z == y): its own function, so the exp's constants get the
   registers to themselves (inlined into a loop nest, clang spent a third of the instructions shuffling them). */
CK_TARGET512 __attribute__((noinline)) static ptrdiff_t bias_silu_row16(const float *z, const float *b, float *y, float *s, ptrdiff_t n) {
    ptrdiff_t c = 0;
    for (; c + 16 <= n; c += 16) {
        __m512 sg;
        __m512 out = ck_silu16(_mm512_add_ps(_mm512_loadu_ps(z + c), _mm512_loadu_ps(b + c)), &sg);
        _mm512_storeu_ps(s + c, sg);
        _mm512_storeu_ps(y + c, out);
    }
    return c;
}

CK_TARGET __attribute__((noinline)) static void bias_silu_row(const float *z, const float *b, float *y, float *s, ptrdiff_t n) {
    ptrdiff_t c = ck_use_avx512() ? bias_silu_row16(z, b, y, s, n) : 0;
    for (; c < n; c += 8) {
        __m256 sg;
        __m256 out = ck_silu8(_mm256_add_ps(_mm256_loadu_ps(z + c), _mm256_loadu_ps(b + c)), &sg);
        _mm256_storeu_ps(s + c, sg);
        _mm256_storeu_ps(y + c, out);
    }
}

/* z = x W^T into y, one column block at a time with its k weights in registers (one body per k so the loop over
   inputs unrolls); the bias and SiLU follow row by row while the block is still in cache. */
CK_INLINE void narrow_in_product(const float *x, const int k, const float *w, float *y, ptrdiff_t rows, ptrdiff_t n) {
    for (ptrdiff_t c = 0; c < n; c += 8) {
        __m256 wj[8];
        for (int j = 0; j < k; j++) wj[j] = ck_weight_column(w, k, c, j);
        for (ptrdiff_t r = 0; r < rows; r++) {
            __m256 z = _mm256_mul_ps(_mm256_broadcast_ss(x + r * k), wj[0]);
            for (int j = 1; j < k; j++) z = _mm256_fmadd_ps(_mm256_broadcast_ss(x + r * k + j), wj[j], z);
            _mm256_storeu_ps(y + r * n + c, z);
        }
    }
}

CK_TARGET void ck_dense_narrow_in_silu(const float *x, ptrdiff_t k, const float *w, const float *b,
                                       float *y, float *s, ptrdiff_t rows, ptrdiff_t n) {
    switch (k) {
    case 1: narrow_in_product(x, 1, w, y, rows, n); break;
    case 2: narrow_in_product(x, 2, w, y, rows, n); break;
    case 3: narrow_in_product(x, 3, w, y, rows, n); break;
    case 4: narrow_in_product(x, 4, w, y, rows, n); break;
    case 5: narrow_in_product(x, 5, w, y, rows, n); break;
    case 6: narrow_in_product(x, 6, w, y, rows, n); break;
    case 7: narrow_in_product(x, 7, w, y, rows, n); break;
    default: narrow_in_product(x, 8, w, y, rows, n); break;
    }
    for (ptrdiff_t r = 0; r < rows; r++) bias_silu_row(y + r * n, b, y + r * n, s + r * n, n);
}

CK_TARGET void ck_bias_silu(const float *z, const float *b, float *y, float *s, ptrdiff_t rows, ptrdiff_t n) {
    for (ptrdiff_t r = 0; r < rows; r++) bias_silu_row(z + r * n, b, y + r * n, s + r * n, n);
}

CK_TARGET void ck_dense_out2(const float *x, ptrdiff_t k, const float *w, const float *b, float *z, ptrdiff_t rows) {
    const float *w0 = w, *w1 = w + k;
    ptrdiff_t r = 0;
    for (; r + 4 <= rows; r += 4) {
        __m256 a[4][2];
        for (int i = 0; i < 4; i++) a[i][0] = a[i][1] = _mm256_setzero_ps();
        for (ptrdiff_t c = 0; c < k; c += 8) {
            const __m256 v0 = _mm256_loadu_ps(w0 + c), v1 = _mm256_loadu_ps(w1 + c);
            for (int i = 0; i < 4; i++) {
                const __m256 xi = _mm256_loadu_ps(x + (r + i) * k + c);
                a[i][0] = _mm256_fmadd_ps(xi, v0, a[i][0]);
                a[i][1] = _mm256_fmadd_ps(xi, v1, a[i][1]);
            }
        }
        for (int i = 0; i < 4; i++) {
            z[2 * (r + i)] = b[0] + ck_hsum8(a[i][0]);
            z[2 * (r + i) + 1] = b[1] + ck_hsum8(a[i][1]);
        }
    }
    for (; r < rows; r++) {
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        for (ptrdiff_t c = 0; c < k; c += 8) {
            const __m256 xi = _mm256_loadu_ps(x + r * k + c);
            a0 = _mm256_fmadd_ps(xi, _mm256_loadu_ps(w0 + c), a0);
            a1 = _mm256_fmadd_ps(xi, _mm256_loadu_ps(w1 + c), a1);
        }
        z[2 * r] = b[0] + ck_hsum8(a0);
        z[2 * r + 1] = b[1] + ck_hsum8(a1);
    }
}

CK_TARGET void ck_dense_out2_backward_silu(const float *x, const float *s, const float *dy, const float *w,
                                           float *dw, float *db, float *dz_prev, float *db_prev, ptrdiff_t rows, ptrdiff_t k) {
    float b0 = 0, b1 = 0;
    for (ptrdiff_t r = 0; r < rows; r++) {
        b0 += dy[2 * r];
        b1 += dy[2 * r + 1];
    }
    db[0] = b0;
    db[1] = b1;
    for (ptrdiff_t c = 0; c < k; c += 8) {
        const __m256 w0 = _mm256_loadu_ps(w + c), w1 = _mm256_loadu_ps(w + k + c);
        __m256 g0 = _mm256_setzero_ps(), g1 = _mm256_setzero_ps(), gb = _mm256_setzero_ps();
        for (ptrdiff_t r = 0; r < rows; r++) {
            const __m256 d0 = _mm256_broadcast_ss(dy + 2 * r), d1 = _mm256_broadcast_ss(dy + 2 * r + 1);
            const __m256 xv = _mm256_loadu_ps(x + r * k + c);
            g0 = _mm256_fmadd_ps(d0, xv, g0);
            g1 = _mm256_fmadd_ps(d1, xv, g1);
            const __m256 dx = _mm256_fmadd_ps(d1, w1, _mm256_mul_ps(d0, w0));
            const __m256 dz = _mm256_mul_ps(dx, ck_silu_grad8(xv, _mm256_loadu_ps(s + r * k + c)));
            gb = _mm256_add_ps(gb, dz);
            _mm256_storeu_ps(dz_prev + r * k + c, dz);
        }
        _mm256_storeu_ps(dw + c, g0);
        _mm256_storeu_ps(dw + k + c, g1);
        _mm256_storeu_ps(db_prev + c, gb);
    }
}

CK_TARGET void ck_silu_backward_colsum(const float *dy, const float *y, const float *s, float *dz, float *db,
                                       ptrdiff_t rows, ptrdiff_t n) {
    for (ptrdiff_t c = 0; c < n; c += 8) _mm256_storeu_ps(db + c, _mm256_setzero_ps());
    for (ptrdiff_t r = 0; r < rows; r++) {
        for (ptrdiff_t c = 0; c < n; c += 8) {
            const ptrdiff_t i = r * n + c;
            const __m256 d = _mm256_mul_ps(_mm256_loadu_ps(dy + i), ck_silu_grad8(_mm256_loadu_ps(y + i), _mm256_loadu_ps(s + i)));
            _mm256_storeu_ps(dz + i, d);
            _mm256_storeu_ps(db + c, _mm256_add_ps(_mm256_loadu_ps(db + c), d));
        }
    }
}

CK_INLINE void narrow_in_backward_silu(const float *dy, const float *y, const float *s, const float *x, const int k,
                                       float *dw, float *db, ptrdiff_t rows, ptrdiff_t n) {
    for (ptrdiff_t c = 0; c < n; c += 8) {
        __m256 g[8], gb = _mm256_setzero_ps();
        for (int j = 0; j < k; j++) g[j] = _mm256_setzero_ps();
        for (ptrdiff_t r = 0; r < rows; r++) {
            const ptrdiff_t i = r * n + c;
            const __m256 d = _mm256_mul_ps(_mm256_loadu_ps(dy + i), ck_silu_grad8(_mm256_loadu_ps(y + i), _mm256_loadu_ps(s + i)));
            gb = _mm256_add_ps(gb, d);
            for (int j = 0; j < k; j++) g[j] = _mm256_fmadd_ps(d, _mm256_broadcast_ss(x + r * k + j), g[j]);
        }
        _mm256_storeu_ps(db + c, gb);
        float lanes[8];
        for (int j = 0; j < k; j++) {
            _mm256_storeu_ps(lanes, g[j]);
            for (int l = 0; l < 8; l++) dw[(c + l) * k + j] = lanes[l];
        }
    }
}

CK_TARGET void ck_dense_narrow_in_backward_silu(const float *dy, const float *y, const float *s, const float *x, ptrdiff_t k,
                                                float *dw, float *db, ptrdiff_t rows, ptrdiff_t n) {
    switch (k) {
    case 1: narrow_in_backward_silu(dy, y, s, x, 1, dw, db, rows, n); break;
    case 2: narrow_in_backward_silu(dy, y, s, x, 2, dw, db, rows, n); break;
    case 3: narrow_in_backward_silu(dy, y, s, x, 3, dw, db, rows, n); break;
    case 4: narrow_in_backward_silu(dy, y, s, x, 4, dw, db, rows, n); break;
    case 5: narrow_in_backward_silu(dy, y, s, x, 5, dw, db, rows, n); break;
    case 6: narrow_in_backward_silu(dy, y, s, x, 6, dw, db, rows, n); break;
    case 7: narrow_in_backward_silu(dy, y, s, x, 7, dw, db, rows, n); break;
    default: narrow_in_backward_silu(dy, y, s, x, 8, dw, db, rows, n); break;
    }
}

#else
/* Not x86_64: ck_has_avx2_fma() is 0, so these are never called; they exist so the module links. */
void ck_dense_narrow_in_silu(const float *x, ptrdiff_t k, const float *w, const float *b,
                             float *y, float *s, ptrdiff_t rows, ptrdiff_t n) {
    (void)x; (void)k; (void)w; (void)b; (void)y; (void)s; (void)rows; (void)n;
}
void ck_bias_silu(const float *z, const float *b, float *y, float *s, ptrdiff_t rows, ptrdiff_t n) {
    (void)z; (void)b; (void)y; (void)s; (void)rows; (void)n;
}
void ck_dense_out2(const float *x, ptrdiff_t k, const float *w, const float *b, float *z, ptrdiff_t rows) {
    (void)x; (void)k; (void)w; (void)b; (void)z; (void)rows;
}
void ck_dense_out2_backward_silu(const float *x, const float *s, const float *dy, const float *w,
                                 float *dw, float *db, float *dz_prev, float *db_prev, ptrdiff_t rows, ptrdiff_t k) {
    (void)x; (void)s; (void)dy; (void)w; (void)dw; (void)db; (void)dz_prev; (void)db_prev; (void)rows; (void)k;
}
void ck_silu_backward_colsum(const float *dy, const float *y, const float *s, float *dz, float *db,
                             ptrdiff_t rows, ptrdiff_t n) {
    (void)dy; (void)y; (void)s; (void)dz; (void)db; (void)rows; (void)n;
}
void ck_dense_narrow_in_backward_silu(const float *dy, const float *y, const float *s, const float *x, ptrdiff_t k,
                                      float *dw, float *db, ptrdiff_t rows, ptrdiff_t n) {
    (void)dy; (void)y; (void)s; (void)x; (void)k; (void)dw; (void)db; (void)rows; (void)n;
}
#endif
