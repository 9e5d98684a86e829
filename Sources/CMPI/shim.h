#ifndef CMPI_SHIM_H
#define CMPI_SHIM_H
#include <mpi.h>
/* OpenMPI's predefined handles are macros over &global_struct, which Swift cannot import:
   these accessors return them. Marked _Nonnull so Swift sees MPI_Comm rather than MPI_Comm?. */
static inline MPI_Comm _Nonnull     cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype _Nonnull cmpi_double(void)     { return MPI_DOUBLE; }
static inline MPI_Datatype _Nonnull cmpi_byte(void)       { return MPI_BYTE; }
static inline MPI_Datatype _Nonnull cmpi_int(void)        { return MPI_INT; }
static inline MPI_Op _Nonnull       cmpi_sum(void)        { return MPI_SUM; }
static inline MPI_Op _Nonnull       cmpi_max(void)        { return MPI_MAX; }
static inline MPI_Info _Nonnull     cmpi_info_null(void)  { return MPI_INFO_NULL; }
static inline void * _Nonnull       cmpi_in_place(void)   { return MPI_IN_PLACE; }
/* MPI_STATUS_IGNORE and MPI_STATUSES_IGNORE are null pointers: pass nil from Swift. */
static inline int cmpi_lock_shared(void)    { return MPI_LOCK_SHARED; }
static inline int cmpi_lock_exclusive(void) { return MPI_LOCK_EXCLUSIVE; }
#endif
