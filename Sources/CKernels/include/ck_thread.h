#ifndef LAB_CK_THREAD_H
#define LAB_CK_THREAD_H
/* Linux schedules each thread on its own: a nice value set on one thread lowers only its priority. Swift's Glibc
   module does not export gettid, so evaluator threads lower their own priority through this. */

/* Sets the calling thread's nice value; 0 on success, -1 (errno set) otherwise. */
int ck_set_thread_nice(int nice);

/* Caps glibc's malloc arenas at n (mallopt M_ARENA_MAX; Swift's Glibc module does not export malloc.h). Call before
   any thread starts; returns 1 on success. */
int ck_limit_malloc_arenas(int n);

/* Hands the allocator's free pages back to the system (malloc_trim(0): the top of each heap and whole free pages
   inside it), so resident memory follows what is live rather than the high-water mark of each arena. */
void ck_release_free_memory(void);

#endif
