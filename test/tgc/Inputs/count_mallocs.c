/* A preloaded library that counts the heap allocations of a process
 * (malloc, calloc, realloc, aligned_alloc, posix_memalign, memalign, from
 * any thread) and prints "mallocs: N" on stderr at exit. The calls are
 * passed on to glibc's own __libc_* functions. */
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_long count;

void *malloc(size_t n) {
  ++count;
  return __libc_malloc(n);
}
void *calloc(size_t a, size_t n) {
  ++count;
  return __libc_calloc(a, n);
}
void *realloc(void *p, size_t n) {
  ++count;
  return __libc_realloc(p, n);
}
void *memalign(size_t alignment, size_t n) {
  ++count;
  return __libc_memalign(alignment, n);
}
void *aligned_alloc(size_t alignment, size_t n) {
  ++count;
  return __libc_memalign(alignment, n);
}
int posix_memalign(void **out, size_t alignment, size_t n) {
  ++count;
  void *p = __libc_memalign(alignment, n);
  if (!p)
    return 12; /* ENOMEM */
  *out = p;
  return 0;
}

__attribute__((destructor)) static void report(void) {
  fprintf(stderr, "mallocs: %ld\n", (long)count);
}
