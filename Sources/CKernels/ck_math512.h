#ifndef LAB_CK_MATH512_H
#define LAB_CK_MATH512_H
/* AVX-512 twins of ck_math.h's building blocks that give the AVX2 versions' bits lane for lane (internal): the same
   operations in the same order on 16 lanes, and 1/x from the 256-bit rcpps on each half, since rcp14 rounds otherwise.
   So a kernel may take either path and training stays bit-identical (issue 28). */
#include "ck_math.h"

#if defined(__x86_64__)
#define CK_TARGET512 __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))

/* 1 when this CPU has AVX-512 F/VL/DQ and LAB_AVX512=off is not set (kernels.c). */
int ck_use_avx512(void);

CK_TARGET512 static inline __m512 ck_exp16(__m512 x) {
    x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.3f)), _mm512_set1_ps(-87.3f));
    const __m512 magic = _mm512_set1_ps(12582912.0f);
    __m512 shifted = _mm512_fmadd_ps(x, _mm512_set1_ps(1.44269504f), magic);
    __m512 n = _mm512_sub_ps(shifted, magic);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.69314575f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.4286068e-6f), r);
    __m512 p = _mm512_set1_ps(1.0f / 720);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    __m512i bits = _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_castps_si512(magic));
    __m512 scale = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(bits, _mm512_set1_epi32(127)), 23));
    return _mm512_mul_ps(p, scale);
}

/* 1/x as ck_recip: rcpps on each 256-bit half, one Newton step on all 16 lanes. */
CK_TARGET512 static inline __m512 ck_recip16(__m512 x) {
    const __m256 lo = _mm256_rcp_ps(_mm512_castps512_ps256(x)), hi = _mm256_rcp_ps(_mm512_extractf32x8_ps(x, 1));
    const __m512 r = _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
    return _mm512_mul_ps(r, _mm512_fnmadd_ps(x, r, _mm512_set1_ps(2.0f)));
}

/* SiLU on 16 lanes: s = sigmoid(z), returns z*s (ck_silu8's bits). */
CK_TARGET512 static inline __m512 ck_silu16(__m512 z, __m512 *s) {
    *s = ck_recip16(_mm512_add_ps(_mm512_set1_ps(1.0f), ck_exp16(_mm512_sub_ps(_mm512_setzero_ps(), z))));
    return _mm512_mul_ps(z, *s);
}
#endif
#endif
