#include "ckernels.h"
#include "ck_math.h"
#include <stdatomic.h>

/* The same arithmetic on every path (no FMA contraction), so a run's numbers do not depend on the CPU. */
#pragma clang fp contract(off)

/* sin and cos of a[i]: Cody–Waite reduction a = q·π/2 + r with |r| ≤ π/4 (q rounded by the 1.5·2²³ trick, exact
   for |a| < 2²¹), then Cephes' sinf/cosf minimax polynomials on r (error ≈ 1e-7) and the quadrant's swap and signs. */
#define CK_SINCOS_BODY                                                                                         \
    for (ptrdiff_t i = 0; i < n; i++) {                                                                        \
        const float magic = 12582912.0f;                                                                       \
        float q = (a[i] * 0.63661977f + magic) - magic;                                                        \
        float r = (a[i] - q * 1.5707963705062866f) - q * -4.371139000186243e-8f;                               \
        float r2 = r * r;                                                                                      \
        float sn = r + r * r2 * (-1.6666654611e-1f + r2 * (8.3321608736e-3f + r2 * -1.9515295891e-4f));        \
        float cs = 1.0f - 0.5f * r2                                                                            \
                   + r2 * r2 * (4.166664568298827e-2f + r2 * (-1.388731625493765e-3f + r2 * 2.443315711809948e-5f)); \
        int k = (int)q;                                                                                        \
        float ss = (k & 1) ? cs : sn, cc = (k & 1) ? sn : cs;                                                  \
        s[i] = (k & 2) ? -ss : ss;                                                                             \
        c[i] = ((k + 1) & 2) ? -cc : cc;                                                                       \
    }

static void ck_sincos_generic(const float *a, float *s, float *c, ptrdiff_t n) { CK_SINCOS_BODY }

#if defined(__x86_64__)
CK_TARGET static void ck_sincos_avx2(const float *a, float *s, float *c, ptrdiff_t n) { CK_SINCOS_BODY }
#endif

void ck_sincos(const float *a, float *s, float *c, ptrdiff_t n) {
#if defined(__x86_64__)
    static _Atomic int avx2 = -1;
    int has = atomic_load_explicit(&avx2, memory_order_relaxed);
    if (has < 0) {
        has = ck_has_avx2_fma();
        atomic_store_explicit(&avx2, has, memory_order_relaxed);
    }
    if (has) { ck_sincos_avx2(a, s, c, n); return; }
#endif
    ck_sincos_generic(a, s, c, n);
}
