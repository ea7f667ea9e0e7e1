/* Growable arrays: `ARRAY(int) a = {0}; array_push(&a, 3); free(a.v);` */
#ifndef CPROF_ARRAY_H
#define CPROF_ARRAY_H

#include <stddef.h>

#define ARRAY(T) struct { T *v; size_t n, cap; }

void array_grow_(void **v, size_t *cap, size_t need, size_t elem);

#define array_reserve(a, need) \
	((need) <= (a)->cap ? (void)0 : \
	 array_grow_((void **)&(a)->v, &(a)->cap, (need), sizeof(*(a)->v)))
#define array_push(a, x) \
	(array_reserve((a), (a)->n + 1), (a)->v[(a)->n++] = (x))
/* Pointer to a new zeroed element at the end. */
#define array_add(a) \
	(array_reserve((a), (a)->n + 1), \
	 memset(&(a)->v[(a)->n], 0, sizeof(*(a)->v)), &(a)->v[(a)->n++])
#define array_free(a) \
	do { free((a)->v); (a)->v = NULL; (a)->n = (a)->cap = 0; } while (0)

#endif
