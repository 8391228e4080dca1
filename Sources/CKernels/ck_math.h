#ifndef LAB_CK_MATH_H
#define LAB_CK_MATH_H
/* Shared AVX2 building blocks of the CKernels translation units (internal: not part of the module's headers). */
#if defined(__x86_64__)
#include <immintrin.h>

#define CK_TARGET __attribute__((target("avx2,fma")))

/* exp: Cody–Waite reduction x = n ln2 + r, degree-6 Taylor on |r| <= ln2/2, 2^n from exponent bits (as SIMDMath.swift). */
CK_TARGET static inline __m256 ck_exp(__m256 x) {
    x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(88.3f)), _mm256_set1_ps(-87.3f));
    const __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 shifted = _mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504f), magic);
    __m256 n = _mm256_sub_ps(shifted, magic);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.69314575f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.4286068e-6f), r);
    __m256 p = _mm256_set1_ps(1.0f / 720);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i bits = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_castps_si256(magic));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(bits, _mm256_set1_epi32(127)), 23));
    return _mm256_mul_ps(p, scale);
}

/* 1/x: rcpps refined by one Newton step. */
CK_TARGET static inline __m256 ck_recip(__m256 x) {
    __m256 r = _mm256_rcp_ps(x);
    return _mm256_mul_ps(r, _mm256_fnmadd_ps(x, r, _mm256_set1_ps(2.0f)));
}

/* SiLU on 8 lanes: s = sigmoid(z), returns z*s. */
CK_TARGET static inline __m256 ck_silu8(__m256 z, __m256 *s) {
    *s = ck_recip(_mm256_add_ps(_mm256_set1_ps(1.0f), ck_exp(_mm256_sub_ps(_mm256_setzero_ps(), z))));
    return _mm256_mul_ps(z, *s);
}

/* SiLU's derivative from its forward outputs: s + y(1 - s). */
CK_TARGET static inline __m256 ck_silu_grad8(__m256 y, __m256 s) {
    return _mm256_fmadd_ps(y, _mm256_sub_ps(_mm256_set1_ps(1.0f), s), s);
}

/* Sum of the 8 lanes. */
CK_TARGET static inline float ck_hsum8(__m256 v) {
    __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    q = _mm_add_ps(q, _mm_movehl_ps(q, q));
    q = _mm_add_ss(q, _mm_shuffle_ps(q, q, 1));
    return _mm_cvtss_f32(q);
}
#endif
#endif
