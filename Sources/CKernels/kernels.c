#include "ckernels.h"
#include "ck_math.h"
#include "ck_math512.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)

int ck_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

int ck_has_avx512_cpu(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}

/* -1 until first asked; then whether the AVX-512 loops run. */
static int avx512_state = -1;

static int avx512_allowed(void) {
    const char *env = getenv("LAB_AVX512");
    return ck_has_avx2_fma() && ck_has_avx512_cpu() && !(env && strcmp(env, "off") == 0);
}

int ck_use_avx512(void) {
    int state = __atomic_load_n(&avx512_state, __ATOMIC_RELAXED);
    if (state < 0) {
        state = avx512_allowed();
        __atomic_store_n(&avx512_state, state, __ATOMIC_RELAXED);
    }
    return state;
}

int ck_avx512_active(void) { return ck_use_avx512(); }

CK_TARGET512 void ck_recip_paths_for_test(const float *x, float *exact, float *rcp14, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i + 16 <= n; i += 16) {
        const __m512 v = _mm512_loadu_ps(x + i), r = _mm512_rcp14_ps(v);
        _mm512_storeu_ps(exact + i, ck_recip16(v));
        _mm512_storeu_ps(rcp14 + i, _mm512_mul_ps(r, _mm512_fnmadd_ps(v, r, _mm512_set1_ps(2.0f))));
    }
}

void ck_set_avx512(int on) { __atomic_store_n(&avx512_state, on && avx512_allowed(), __ATOMIC_RELAXED); }

CK_TARGET512 static ptrdiff_t silu_forward16(const float *z, float *y, float *s, ptrdiff_t n) {
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 sg;
        __m512 out = ck_silu16(_mm512_loadu_ps(z + i), &sg);
        _mm512_storeu_ps(s + i, sg);
        _mm512_storeu_ps(y + i, out);
    }
    return i;
}

CK_TARGET void ck_silu_forward(const float *z, float *y, float *s, ptrdiff_t n) {
    const __m256 one = _mm256_set1_ps(1.0f);
    ptrdiff_t i = ck_use_avx512() ? silu_forward16(z, y, s, n) : 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(z + i);
        __m256 sg = ck_recip(_mm256_add_ps(one, ck_exp(_mm256_sub_ps(_mm256_setzero_ps(), v))));
        _mm256_storeu_ps(s + i, sg);
        _mm256_storeu_ps(y + i, _mm256_mul_ps(v, sg));
    }
    for (; i < n; i++) {
        float sg = 1.0f / (1.0f + expf(-z[i]));
        s[i] = sg;
        y[i] = z[i] * sg;
    }
}

CK_TARGET void ck_silu_backward(const float *dy, const float *y, const float *s, float *dz, ptrdiff_t n) {
    const __m256 one = _mm256_set1_ps(1.0f);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 sg = _mm256_loadu_ps(s + i);
        __m256 d = _mm256_fmadd_ps(_mm256_loadu_ps(y + i), _mm256_sub_ps(one, sg), sg);
        _mm256_storeu_ps(dz + i, _mm256_mul_ps(_mm256_loadu_ps(dy + i), d));
    }
    for (; i < n; i++) dz[i] = dy[i] * (s[i] + y[i] * (1.0f - s[i]));
}

CK_TARGET512 static ptrdiff_t adam16(float *w, const float *g, float *m, float *v, ptrdiff_t n,
                                     float b1, float b2, float eps, float step, float inv_sqrt_bc2, float decay) {
    const __m512 vb1 = _mm512_set1_ps(b1), vb2 = _mm512_set1_ps(b2);
    const __m512 c1 = _mm512_set1_ps(1 - b1), c2 = _mm512_set1_ps(1 - b2);
    const __m512 veps = _mm512_set1_ps(eps), vstep = _mm512_set1_ps(step);
    const __m512 vbc = _mm512_set1_ps(inv_sqrt_bc2), vdecay = _mm512_set1_ps(decay);
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 gi = _mm512_loadu_ps(g + i);
        __m512 mi = _mm512_fmadd_ps(vb1, _mm512_loadu_ps(m + i), _mm512_mul_ps(c1, gi));
        __m512 vi = _mm512_fmadd_ps(vb2, _mm512_loadu_ps(v + i), _mm512_mul_ps(c2, _mm512_mul_ps(gi, gi)));
        __m512 denom = _mm512_fmadd_ps(_mm512_sqrt_ps(vi), vbc, veps);
        __m512 wi = _mm512_fnmadd_ps(vstep, _mm512_div_ps(mi, denom), _mm512_mul_ps(_mm512_loadu_ps(w + i), vdecay));
        _mm512_storeu_ps(m + i, mi);
        _mm512_storeu_ps(v + i, vi);
        _mm512_storeu_ps(w + i, wi);
    }
    return i;
}

CK_TARGET void ck_adam(float *w, const float *g, float *m, float *v, ptrdiff_t n,
                       float b1, float b2, float eps, float step, float inv_sqrt_bc2, float decay) {
    const __m256 vb1 = _mm256_set1_ps(b1), vb2 = _mm256_set1_ps(b2);
    const __m256 c1 = _mm256_set1_ps(1 - b1), c2 = _mm256_set1_ps(1 - b2);
    const __m256 veps = _mm256_set1_ps(eps), vstep = _mm256_set1_ps(step);
    const __m256 vbc = _mm256_set1_ps(inv_sqrt_bc2), vdecay = _mm256_set1_ps(decay);
    ptrdiff_t i = ck_use_avx512() ? adam16(w, g, m, v, n, b1, b2, eps, step, inv_sqrt_bc2, decay) : 0;
    for (; i + 8 <= n; i += 8) {
        __m256 gi = _mm256_loadu_ps(g + i);
        __m256 mi = _mm256_fmadd_ps(vb1, _mm256_loadu_ps(m + i), _mm256_mul_ps(c1, gi));
        __m256 vi = _mm256_fmadd_ps(vb2, _mm256_loadu_ps(v + i), _mm256_mul_ps(c2, _mm256_mul_ps(gi, gi)));
        __m256 denom = _mm256_fmadd_ps(_mm256_sqrt_ps(vi), vbc, veps);
        __m256 wi = _mm256_fnmadd_ps(vstep, _mm256_div_ps(mi, denom), _mm256_mul_ps(_mm256_loadu_ps(w + i), vdecay));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        _mm256_storeu_ps(w + i, wi);
    }
    for (; i < n; i++) {
        float mi = b1 * m[i] + (1 - b1) * g[i];
        float vi = b2 * v[i] + (1 - b2) * g[i] * g[i];
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] * decay - step * mi / (sqrtf(vi) * inv_sqrt_bc2 + eps);
    }
}

/* Keeps lanes above 1e-9 and zeroes the rest, so the next squarings never make a subnormal. */
CK_TARGET static inline __m256 ck_drop_tiny(__m256 v) {
    return _mm256_and_ps(v, _mm256_cmp_ps(v, _mm256_set1_ps(1e-9f), _CMP_GT_OQ));
}

CK_TARGET static inline __m256 ck_fourth(__m256 v) {
    __m256 s = _mm256_mul_ps(v, v);
    return _mm256_mul_ps(s, s);
}

static inline float ck_drop_tiny_scalar(float v) { return v > 1e-9f ? v : 0.0f; }

CK_TARGET512 static inline __m512 ck_drop_tiny16(__m512 v) {
    return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(v, _mm512_set1_ps(1e-9f), _CMP_GT_OQ), v);
}

CK_TARGET512 static inline __m512 ck_fourth16(__m512 v) {
    __m512 s = _mm512_mul_ps(v, v);
    return _mm512_mul_ps(s, s);
}

/* ck_rbf4_sum's 8-lane accumulator over 16 points at a time: the kernel values on 16 lanes, then the low half added
   before the high half, so every lane sums its points in the AVX2 loop's order. */
CK_TARGET512 static ptrdiff_t rbf4_sum16(float qx, float qy, const float *px, const float *py, ptrdiff_t n, float c, __m256 *acc) {
    const __m512 vx = _mm512_set1_ps(qx), vy = _mm512_set1_ps(qy), negc = _mm512_set1_ps(-c);
    ptrdiff_t j = 0;
    for (; j + 16 <= n; j += 16) {
        __m512 dx = _mm512_sub_ps(_mm512_loadu_ps(px + j), vx);
        __m512 dy = _mm512_sub_ps(_mm512_loadu_ps(py + j), vy);
        __m512 d2 = _mm512_fmadd_ps(dx, dx, _mm512_mul_ps(dy, dy));
        __m512 k0 = ck_drop_tiny16(ck_exp16(_mm512_mul_ps(d2, negc)));
        __m512 k1 = ck_drop_tiny16(ck_fourth16(k0));
        __m512 k2 = ck_drop_tiny16(ck_fourth16(k1));
        __m512 sum = _mm512_add_ps(_mm512_add_ps(k0, k1), _mm512_add_ps(k2, ck_fourth16(k2)));
        *acc = _mm256_add_ps(*acc, _mm512_castps512_ps256(sum));
        *acc = _mm256_add_ps(*acc, _mm512_extractf32x8_ps(sum, 1));
    }
    return j;
}

CK_TARGET double ck_rbf4_sum(float qx, float qy, const float *px, const float *py, ptrdiff_t n, float c) {
    const __m256 vx = _mm256_set1_ps(qx), vy = _mm256_set1_ps(qy), negc = _mm256_set1_ps(-c);
    __m256 acc = _mm256_setzero_ps();
    ptrdiff_t j = ck_use_avx512() ? rbf4_sum16(qx, qy, px, py, n, c, &acc) : 0;
    for (; j + 8 <= n; j += 8) {
        __m256 dx = _mm256_sub_ps(_mm256_loadu_ps(px + j), vx);
        __m256 dy = _mm256_sub_ps(_mm256_loadu_ps(py + j), vy);
        __m256 d2 = _mm256_fmadd_ps(dx, dx, _mm256_mul_ps(dy, dy));
        __m256 k0 = ck_drop_tiny(ck_exp(_mm256_mul_ps(d2, negc)));
        __m256 k1 = ck_drop_tiny(ck_fourth(k0));
        __m256 k2 = ck_drop_tiny(ck_fourth(k1));
        acc = _mm256_add_ps(acc, _mm256_add_ps(_mm256_add_ps(k0, k1), _mm256_add_ps(k2, ck_fourth(k2))));
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, acc);
    double total = 0;
    for (int l = 0; l < 8; l++) total += lanes[l];
    for (; j < n; j++) {
        float dx = px[j] - qx, dy = py[j] - qy;
        float k0 = ck_drop_tiny_scalar(expf(-c * (dx * dx + dy * dy)));
        float k1 = ck_drop_tiny_scalar(k0 * k0 * k0 * k0);
        float k2 = ck_drop_tiny_scalar(k1 * k1 * k1 * k1);
        total += k0 + k1 + k2 + k2 * k2 * k2 * k2;
    }
    return total;
}

#else
int ck_has_avx2_fma(void) { return 0; }
int ck_avx512_active(void) { return 0; }
int ck_has_avx512_cpu(void) { return 0; }
void ck_set_avx512(int on) { (void)on; }
void ck_recip_paths_for_test(const float *x, float *exact, float *rcp14, ptrdiff_t n) { (void)x; (void)exact; (void)rcp14; (void)n; }
void ck_silu_forward(const float *z, float *y, float *s, ptrdiff_t n) { (void)z; (void)y; (void)s; (void)n; }
void ck_silu_backward(const float *dy, const float *y, const float *s, float *dz, ptrdiff_t n) { (void)dy; (void)y; (void)s; (void)dz; (void)n; }
void ck_adam(float *w, const float *g, float *m, float *v, ptrdiff_t n,
             float b1, float b2, float eps, float step, float inv_sqrt_bc2, float decay) {
    (void)w; (void)g; (void)m; (void)v; (void)n; (void)b1; (void)b2; (void)eps; (void)step; (void)inv_sqrt_bc2; (void)decay;
}
double ck_rbf4_sum(float qx, float qy, const float *px, const float *py, ptrdiff_t n, float c) {
    (void)qx; (void)qy; (void)px; (void)py; (void)n; (void)c;
    return 0;
}
#endif
