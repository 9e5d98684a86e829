#ifndef POPBENCH_COPENBLAS_SHIM_H
#define POPBENCH_COPENBLAS_SHIM_H
// cblas_* prototypes come from GSL's gsl_cblas.h (OpenBLAS's own cblas.h clashes with it when a
// Swift file also sees gsl_multifit.h; see notes/toolchain.md). The linker binds them to OpenBLAS,
// which is first in the NEEDED list; a test asserts that.
#include <gsl/gsl_cblas.h>

// OpenBLAS's threading controls (declared here since its cblas.h is not included).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
// The kernel family OpenBLAS chose at load time ("Haswell", "SkylakeX", "Prescott", ...).
char *openblas_get_corename(void);
// Stops OpenBLAS's worker threads (joined; the pool starts again by itself at the next threaded
// call, the path OpenBLAS takes after a fork). Exported by libopenblas; not in its cblas.h.
int blas_thread_shutdown_(void);
#endif
