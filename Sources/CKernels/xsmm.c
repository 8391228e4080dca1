#include "ck_blas.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxsmm's JIT kernels for the lab's small products (issue 28): at the canonical step's shapes they ran 1.3x faster than
   OpenBLAS's SkylakeX sgemm with bit-identical results (bench/gemm_shapes.c), as they skip OpenBLAS's packing and its
   beta = 0 memset. Loaded with dlopen when present, so nothing needs it to build or run. Debian ships libxsmm only as
   static archives; scripts/deps.sh links them into /usr/local/lib/libxsmm.so. */

typedef void (*kernel_fn)(const float *a, const float *b, float *c, ...);
typedef kernel_fn (*dispatch_fn)(int m, int n, int k, const int *lda, const int *ldb, const int *ldc, const float *alpha,
                                 const float *beta, const int *flags, const int *prefetch);

enum { TRANS_B_COLUMN_MAJOR = 2, BETA_0 = 16 };
/* Products whose feature sides (the two non-batch dimensions) are at most this wide go to libxsmm, and only products of
   more than MIN_MNK multiply-adds (OpenBLAS 0.3.21's SkylakeX small-matrix bound, 100³). */
enum { MAX_SIDE = 256 };
#define MIN_MNK 1e6

static pthread_once_t once = PTHREAD_ONCE_INIT;
static dispatch_fn p_dispatch;
static const char *p_path;

/* LAB_GEMM=openblas keeps every product in OpenBLAS (side-by-side timing); LAB_XSMM names the library, else the
   system's libxsmm.so. */
static void load(void) {
    const char *choice = getenv("LAB_GEMM");
    if (choice && strcmp(choice, "openblas") == 0) return;
    const char *path = getenv("LAB_XSMM");
    void *lib = dlopen(path && *path ? path : "libxsmm.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return;
    void (*init)(void) = (void (*)(void))dlsym(lib, "libxsmm_init");
    p_dispatch = (dispatch_fn)dlsym(lib, "libxsmm_smmdispatch");
    if (!p_dispatch || !init) {
        p_dispatch = NULL;
        return;
    }
    init();
    p_path = path && *path ? path : "libxsmm.so";
}

const char *ck_xsmm_loaded(void) {
    pthread_once(&once, load);
    return p_dispatch ? p_path : NULL;
}

/* A transposed copy of B for row-major C = A·Bᵀ (libxsmm has no kernel with a transposed first column-major operand):
   one buffer per thread, grown as needed. */
static __thread float *scratch;
static __thread size_t scratch_count;

static const float *transposed(const float *b, int rows, int cols, int ldb) {
    size_t need = (size_t)rows * cols;
    if (need > scratch_count) {
        free(scratch);
        scratch = aligned_alloc(64, ((need * sizeof(float) + 63) / 64) * 64);
        scratch_count = scratch ? need : 0;
        if (!scratch) return NULL;
    }
    for (int i0 = 0; i0 < rows; i0 += 16)
        for (int j0 = 0; j0 < cols; j0 += 16)
            for (int i = i0; i < i0 + 16 && i < rows; i++)
                for (int j = j0; j < j0 + 16 && j < cols; j++) scratch[(size_t)j * rows + i] = b[(size_t)i * ldb + j];
    return scratch;
}

/* Row-major C (m×n) = op(A)·op(B) through libxsmm, as column-major Cᵀ = op(B)ᵀ·op(A)ᵀ; 0 when it does not take this
   product. It takes only products whose result is OpenBLAS's bit for bit (tests/SmallProductTests), so a run's figures
   do not depend on the library: beta = 0 (OpenBLAS adds beta·C in another order), m·n·k over MIN_MNK (below it
   OpenBLAS's SkylakeX "small matrix" kernels sum in another order), a feature side at most MAX_SIDE, alpha = 1, not Aᵀ·Bᵀ. */
int ck_xsmm_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda, const float *b,
                  int ldb, float beta, float *c, int ldc) {
    if (!ck_xsmm_loaded() || alpha != 1 || beta != 0 || (trans_a && trans_b)) return 0;
    if ((double)m * n * k <= MIN_MNK) return 0;
    if (trans_a ? (m > MAX_SIDE || n > MAX_SIDE) : (n > MAX_SIDE || k > MAX_SIDE)) return 0;
    if (trans_b) {
        b = transposed(b, n, k, ldb);
        if (!b) return 0;
        ldb = n;
    }
    int flags = BETA_0 | (trans_a ? TRANS_B_COLUMN_MAJOR : 0);
    kernel_fn kernel = p_dispatch(n, m, k, &ldb, &lda, &ldc, &alpha, &beta, &flags, NULL);
    if (!kernel) return 0;
    kernel(b, a, c);
    return 1;
}
