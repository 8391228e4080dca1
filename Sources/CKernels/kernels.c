#include "ckernels.h"
#include "ck_math.h"
#include <math.h>

#if defined(__x86_64__)

int ck_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

CK_TARGET void ck_silu_forward(const float *z, float *y, float *s, ptrdiff_t n) {
    const __m256 one = _mm256_set1_ps(1.0f);
    ptrdiff_t i = 0;
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

CK_TARGET void ck_adam(float *w, const float *g, float *m, float *v, ptrdiff_t n,
                       float b1, float b2, float eps, float step, float inv_sqrt_bc2, float decay) {
    const __m256 vb1 = _mm256_set1_ps(b1), vb2 = _mm256_set1_ps(b2);
    const __m256 c1 = _mm256_set1_ps(1 - b1), c2 = _mm256_set1_ps(1 - b2);
    const __m256 veps = _mm256_set1_ps(eps), vstep = _mm256_set1_ps(step);
    const __m256 vbc = _mm256_set1_ps(inv_sqrt_bc2), vdecay = _mm256_set1_ps(decay);
    ptrdiff_t i = 0;
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

CK_TARGET double ck_rbf4_sum(float qx, float qy, const float *px, const float *py, ptrdiff_t n, float c) {
    const __m256 vx = _mm256_set1_ps(qx), vy = _mm256_set1_ps(qy), negc = _mm256_set1_ps(-c);
    __m256 acc = _mm256_setzero_ps();
    ptrdiff_t j = 0;
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
