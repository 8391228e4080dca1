// The canonical step's three hidden-layer products (batch 256, 128×128 weights, row-major as the lab stores them),
// timed in OpenBLAS (cblas_sgemm, one thread) and in libxsmm's JIT kernels loaded with dlopen (issue 28, item 4).
//
//   cc -O2 -o gemm_shapes bench/gemm_shapes.c -ldl && ./gemm_shapes [path/to/libxsmm.so]
//
// OpenBLAS comes from libopenblas.so.0 (also by dlopen, with the CPU's kernel family as the lab sets it), so neither
// library is needed to build this file. Row-major
// C = op(A)·op(B) runs as column-major Cᵀ = op(B)ᵀ·op(A)ᵀ in libxsmm; its JIT has no kernel for a transposed first
// operand, so X·Wᵀ multiplies by a transposed copy of W (the copy is timed with it). Prints ns per product, best of 5
// rounds, and the largest difference between the two results.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void (*sgemm_fn)(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                         const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*xsmm_kernel)(const float *a, const float *b, float *c, ...);
typedef xsmm_kernel (*xsmm_dispatch)(int m, int n, int k, const int *lda, const int *ldb, const int *ldc,
                                     const float *alpha, const float *beta, const int *flags, const int *prefetch);
enum { RowMajor = 101, NoTrans = 111, Trans = 112, XsmmTransA = 1, XsmmTransB = 2, XsmmBeta0 = 16 };

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    const int B = 256, H = 128, reps = 4000;
    // The kernels the lab loads (Sources/CKernels/blas.c): Debian's OpenBLAS falls back to Prescott's on newer Xeons.
    __builtin_cpu_init();
    if (!getenv("OPENBLAS_CORETYPE"))
        setenv("OPENBLAS_CORETYPE", __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") ? "SkylakeX" : "Haswell", 1);
    void *blas = dlopen("libopenblas.so.0", RTLD_NOW);
    if (!blas) { fprintf(stderr, "libopenblas.so.0: %s\n", dlerror()); return 2; }
    void (*threads)(int) = (void (*)(int))dlsym(blas, "openblas_set_num_threads");
    if (threads) threads(1);
    sgemm_fn sgemm = (sgemm_fn)dlsym(blas, "cblas_sgemm");
    void *xs = argc > 1 ? dlopen(argv[1], RTLD_NOW) : NULL;
    if (argc > 1 && !xs) fprintf(stderr, "%s: %s\n", argv[1], dlerror());
    xsmm_dispatch dispatch = xs ? (xsmm_dispatch)dlsym(xs, "libxsmm_smmdispatch") : NULL;
    void (*init)(void) = xs ? (void (*)(void))dlsym(xs, "libxsmm_init") : NULL;
    if (init) init();

    float *x = aligned_alloc(64, sizeof(float) * B * H), *w = aligned_alloc(64, sizeof(float) * H * H);
    float *dz = aligned_alloc(64, sizeof(float) * B * H), *c = aligned_alloc(64, sizeof(float) * B * H);
    float *c0 = aligned_alloc(64, sizeof(float) * B * H), *wt = aligned_alloc(64, sizeof(float) * H * H);
    for (int i = 0; i < B * H; i++) { x[i] = (float)rand() / RAND_MAX - 0.5f; dz[i] = (float)rand() / RAND_MAX - 0.5f; }
    for (int i = 0; i < H * H; i++) w[i] = (float)rand() / RAND_MAX - 0.5f;

    // name, row-major transA, transB, M, N, K, A, lda, B, ldb
    struct { const char *name; int ta, tb, m, n, k; const float *a; int lda; const float *b; int ldb; } shapes[] = {
        {"forward  Z = X·Wᵀ    (256×128·128×128)", 0, 1, B, H, H, x, H, w, H},
        {"backward dW = dZᵀ·X  (128×256·256×128)", 1, 0, H, H, B, dz, H, x, H},
        {"backward dX = dZ·W   (256×128·128×128)", 0, 0, B, H, H, dz, H, w, H},
    };
    printf("%-40s %12s %12s %10s\n", "product", "OpenBLAS ns", "libxsmm ns", "max diff");
    for (int s = 0; s < 3; s++) {
        double best[2] = {1e30, 1e30};
        const float one = 1, zero = 0;
        int copyW = shapes[s].tb;  // X·Wᵀ: multiply by Wᵀ, copied
        int flags = XsmmBeta0 | (shapes[s].ta ? XsmmTransB : 0);
        int lda = copyW ? shapes[s].n : shapes[s].ldb, ldb = shapes[s].lda, ldc = shapes[s].n;
        xsmm_kernel k = dispatch ? dispatch(shapes[s].n, shapes[s].m, shapes[s].k, &lda, &ldb, &ldc, &one, &zero, &flags, NULL) : NULL;
        for (int round = 0; round < 5; round++) {
            double t0 = now();
            for (int r = 0; r < reps; r++)
                sgemm(RowMajor, shapes[s].ta ? Trans : NoTrans, shapes[s].tb ? Trans : NoTrans, shapes[s].m, shapes[s].n,
                      shapes[s].k, 1, shapes[s].a, shapes[s].lda, shapes[s].b, shapes[s].ldb, 0, c, shapes[s].n);
            double t1 = now();
            if ((t1 - t0) / reps < best[0]) best[0] = (t1 - t0) / reps;
            memcpy(c0, c, sizeof(float) * shapes[s].m * shapes[s].n);
            memset(c, 0xff, sizeof(float) * shapes[s].m * shapes[s].n);  // NaN: a kernel that writes nothing shows
            if (k) {
                t0 = now();
                for (int r = 0; r < reps; r++) {
                    if (copyW) {  // 16×16 tiles, as Sources/CKernels/xsmm.c copies
                        for (int i0 = 0; i0 < H; i0 += 16)
                            for (int j0 = 0; j0 < H; j0 += 16)
                                for (int i = i0; i < i0 + 16; i++)
                                    for (int j = j0; j < j0 + 16; j++) wt[j * H + i] = shapes[s].b[i * H + j];
                    }
                    k(copyW ? wt : shapes[s].b, shapes[s].a, c);
                }
                t1 = now();
                if ((t1 - t0) / reps < best[1]) best[1] = (t1 - t0) / reps;
            }
        }
        double diff = 0;
        for (int i = 0; k && i < shapes[s].m * shapes[s].n; i++) {
            double d = c[i] > c0[i] ? c[i] - c0[i] : c0[i] - c[i];
            if (!(d <= diff)) diff = d;
        }
        printf("%-40s %12.0f ", shapes[s].name, best[0] * 1e9);
        if (k) printf("%12.0f %10.1e\n", best[1] * 1e9, diff); else printf("%12s\n", dispatch ? "no kernel" : "not loaded");
    }
    return 0;
}
