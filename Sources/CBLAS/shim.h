#ifndef LAB_CBLAS_SHIM_H
#define LAB_CBLAS_SHIM_H
/* OpenBLAS's CBLAS: matrix products dispatch to the CPU's best kernel at run time. */
#include <cblas.h>
#endif
