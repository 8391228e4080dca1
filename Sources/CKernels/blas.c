#include "ck_blas.h"
#include "ckernels.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* CBLAS's enum values (cblas.h). */
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112, UPPER = 121, LEFT = 141 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef void (*ssyrk_fn)(int, int, int, int, int, float, const float *, int, float, float *, int);
typedef void (*ssymm_fn)(int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef void (*threads_fn)(int);
typedef char *(*corename_fn)(void);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sgemm_fn p_sgemm;
static ssyrk_fn p_ssyrk;
static ssymm_fn p_ssymm;
static threads_fn p_threads;
static corename_fn p_corename;

/* The best OpenBLAS kernel family this CPU's flags allow, or NULL to let OpenBLAS decide. */
static const char *core_for_cpu(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (ck_has_avx2_fma()) return "Haswell";
#endif
    return NULL;
}

static void *symbol(void *lib, const char *name) {
    void *p = dlsym(lib, name);
    if (!p) {
        fprintf(stderr, "lab: libopenblas.so.0 lacks %s\n", name);
        exit(2);
    }
    return p;
}

/* OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS when it loads. The lab sets what the user left unset
   (the CPU's kernels; one thread, as the trainer owns one core and idle pool threads cost it ~20%) for the load only,
   so child processes (valgrind's, a claims run's) choose for their own CPU. */
static void load(void) {
    const char *core = core_for_cpu();
    int set_core = core && !getenv("OPENBLAS_CORETYPE"), set_threads = !getenv("OPENBLAS_NUM_THREADS");
    if (set_core) setenv("OPENBLAS_CORETYPE", core, 1);
    if (set_threads) setenv("OPENBLAS_NUM_THREADS", "1", 1);
    void *lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (set_core) unsetenv("OPENBLAS_CORETYPE");
    if (set_threads) unsetenv("OPENBLAS_NUM_THREADS");
    if (!lib) {
        fprintf(stderr, "lab: cannot load OpenBLAS (%s); install it: apt-get install -y libopenblas0\n", dlerror());
        exit(2);
    }
    p_sgemm = (sgemm_fn)symbol(lib, "cblas_sgemm");
    p_ssyrk = (ssyrk_fn)symbol(lib, "cblas_ssyrk");
    p_ssymm = (ssymm_fn)symbol(lib, "cblas_ssymm");
    p_threads = (threads_fn)symbol(lib, "openblas_set_num_threads");
    p_corename = (corename_fn)dlsym(lib, "openblas_get_corename");
}

static inline void ready(void) { pthread_once(&once, load); }

void ck_sgemm_openblas(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                       const float *b, int ldb, float beta, float *c, int ldc) {
    ready();
    p_sgemm(ROW_MAJOR, trans_a ? TRANS : NO_TRANS, trans_b ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void ck_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
              const float *b, int ldb, float beta, float *c, int ldc) {
    if (ck_xsmm_sgemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
    ck_sgemm_openblas(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void ck_ssyrk_upper(int n, int k, float alpha, const float *a, int lda, float beta, float *c, int ldc) {
    ready();
    p_ssyrk(ROW_MAJOR, UPPER, NO_TRANS, n, k, alpha, a, lda, beta, c, ldc);
}

void ck_ssymm_left_upper(int m, int n, float alpha, const float *s, int lds, const float *b, int ldb,
                         float beta, float *c, int ldc) {
    ready();
    p_ssymm(ROW_MAJOR, LEFT, UPPER, m, n, alpha, s, lds, b, ldb, beta, c, ldc);
}

void ck_blas_set_threads(int n) {
    ready();
    p_threads(n);
}

const char *ck_blas_core(void) {
    ready();
    return p_corename ? p_corename() : "unknown";
}
