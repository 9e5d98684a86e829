import CMPI

/// This process's view of `MPI_COMM_WORLD`: its rank, the number of ranks, and the few
/// collectives and point-to-point calls the algorithms use, on Float64 buffers.
///
/// MPI's default error handler on the world communicator aborts the whole job on a failed call,
/// so these wrappers return nothing; `mpirun` then exits non-zero and the launcher reports it.
public struct MPIWorld {
    /// The world communicator (OpenMPI's handle, through the CMPI shim).
    let comm: MPI_Comm
    /// This process's rank, 0..<size.
    public let rank: Int
    /// The number of ranks.
    public let size: Int

    /// Initializes MPI (once per process) and reads rank and size.
    public static func initialize() -> MPIWorld {
        MPI_Init(nil, nil)
        let comm = cmpi_comm_world()
        var r: Int32 = 0, s: Int32 = 0
        MPI_Comm_rank(comm, &r)
        MPI_Comm_size(comm, &s)
        return MPIWorld(comm: comm, rank: Int(r), size: Int(s))
    }

    /// Shuts MPI down (after a barrier, so no rank leaves while others still read its window).
    public func finalize() {
        MPI_Barrier(comm)
        MPI_Finalize()
    }

    /// Aborts every rank of the job with `code`.
    public func abort(_ code: Int32) -> Never {
        MPI_Abort(comm, code)
        fatalError("MPI_Abort returned")
    }

    /// Seconds since an arbitrary origin (`MPI_Wtime`).
    @inline(__always)
    public static func now() -> Double { MPI_Wtime() }

    public func barrier() { MPI_Barrier(comm) }

    /// In place: every rank's `buffer` becomes the element-wise sum over ranks.
    @inline(__always)
    func allReduceSum(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        MPI_Allreduce(cmpi_in_place(), buffer, Int32(count), cmpi_double(), cmpi_sum(), comm)
    }

    /// The maximum of `value` over ranks, on every rank.
    func allReduceMax(_ value: Double) -> Double {
        var v = value
        MPI_Allreduce(cmpi_in_place(), &v, 1, cmpi_double(), cmpi_max(), comm)
        return v
    }

    /// The sum of `value` over ranks, on every rank.
    func allReduceSum(_ value: Double) -> Double {
        var v = value
        MPI_Allreduce(cmpi_in_place(), &v, 1, cmpi_double(), cmpi_sum(), comm)
        return v
    }

    /// Sends `count` doubles to `dest` and receives as many from `source` (`MPI_Sendrecv`).
    @inline(__always)
    func sendRecv(_ send: UnsafePointer<Double>, to dest: Int, _ recv: UnsafeMutablePointer<Double>,
                  from source: Int, count: Int, tag: Int32) {
        MPI_Sendrecv(send, Int32(count), cmpi_double(), Int32(dest), tag,
                     recv, Int32(count), cmpi_double(), Int32(source), tag, comm, nil)
    }

    /// Posts a receive of `count` doubles from `source` into `recv` (`MPI_Irecv`).
    @inline(__always)
    func postRecv(_ recv: UnsafeMutablePointer<Double>, from source: Int, count: Int, tag: Int32,
                  request: UnsafeMutablePointer<MPI_Request?>) {
        MPI_Irecv(recv, Int32(count), cmpi_double(), Int32(source), tag, comm, request)
    }

    /// Posts a send of `count` doubles to `dest` (`MPI_Isend`).
    @inline(__always)
    func postSend(_ send: UnsafePointer<Double>, to dest: Int, count: Int, tag: Int32,
                  request: UnsafeMutablePointer<MPI_Request?>) {
        MPI_Isend(send, Int32(count), cmpi_double(), Int32(dest), tag, comm, request)
    }

    /// Waits for `count` posted requests (`MPI_Waitall`).
    @inline(__always)
    func waitAll(_ requests: UnsafeMutablePointer<MPI_Request?>, count: Int) {
        MPI_Waitall(Int32(count), requests, nil)
    }

    /// Blocking send of an empty message to `dest`: a token that orders two ranks' work.
    func sendToken(to dest: Int, tag: Int32) {
        var none: UInt8 = 0
        MPI_Send(&none, 0, cmpi_byte(), Int32(dest), tag, comm)
    }

    /// Blocking receive of the empty message `sendToken` sends.
    func receiveToken(from source: Int, tag: Int32) {
        var none: UInt8 = 0
        MPI_Recv(&none, 0, cmpi_byte(), Int32(source), tag, comm, nil)
    }

    /// Blocking send of `count` bytes to `dest` (`MPI_Send`).
    func sendBytes(_ buffer: UnsafeMutableRawPointer, count: Int, to dest: Int, tag: Int32) {
        MPI_Send(buffer, Int32(count), cmpi_byte(), Int32(dest), tag, comm)
    }

    /// Blocking receive of `count` bytes from `source` (`MPI_Recv`).
    func recvBytes(_ buffer: UnsafeMutableRawPointer, count: Int, from source: Int, tag: Int32) {
        MPI_Recv(buffer, Int32(count), cmpi_byte(), Int32(source), tag, comm, nil)
    }
}
