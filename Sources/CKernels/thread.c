#define _GNU_SOURCE
#include "ck_thread.h"
#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int ck_set_thread_nice(int nice) {
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice);
}

int ck_limit_malloc_arenas(int n) {
    return mallopt(M_ARENA_MAX, n);
}

void ck_release_free_memory(void) {
    malloc_trim(0);
}
