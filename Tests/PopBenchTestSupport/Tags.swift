import Testing

extension Tag {
    /// A test that takes tens of seconds or more: statistical tests with hundreds of simulated
    /// trials, real MPI runs, whole-command runs. `swift test` runs them all; a tag lets a
    /// developer see or group them (e.g. in a test report) while iterating on something else.
    @Tag public static var slow: Self
    /// A test that starts real MPI ranks with mpirun.
    @Tag public static var mpi: Self
}
