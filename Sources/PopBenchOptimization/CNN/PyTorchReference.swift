import Foundation

/// The same CNN training step in PyTorch, for `bench cnn`: measured side by side when a Python
/// with `torch` is available, otherwise reference figures measured on this project's machine
/// kind (2-core x86 VM, one thread).
public enum PyTorchReference {
    /// PyTorch 2.13 CPU, one thread, same network and step (plain SGD), measured in the same run
    /// as popbench's figures of that time (0.088 / 0.61 / 2.43 / 9.9 ms): ms per step at batch
    /// 1, 8, 32 and 128. Shown when PyTorch is not installed; not a measurement of this run.
    public static let referenceVersion = "2.13 (reference, not this run)"
    /// See `referenceVersion`.
    public static let referenceMilliseconds: [Int: Double] = [1: 0.37, 8: 1.17, 32: 1.95, 128: 5.09]

    /// The timing script, a server: conv(1->16, 3x3, pad 1), ReLU, conv(16->32), ReLU, 2x2
    /// max-pool, linear(512 -> 10), cross-entropy, SGD lr 0.01, one thread. Prints the torch
    /// version, then answers each stdin line `B SECONDS` with the milliseconds per step of one
    /// round of about SECONDS at batch B. Exits 3 when torch is missing.
    static let script = """
    import sys, time
    try:
        import torch
    except Exception:
        sys.exit(3)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(512, 10))
    assert sum(p.numel() for p in net.parameters()) == 9930
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    print(torch.__version__, flush=True)
    data = {}
    for line in sys.stdin:
        b, seconds = int(line.split()[0]), float(line.split()[1])
        if b not in data:
            data[b] = (torch.rand(b, 1, 8, 8), torch.randint(0, 10, (b,)))
        x, y = data[b]
        def step():
            opt.zero_grad(); loss_fn(net(x), y).backward(); opt.step()
        for _ in range(3): step()
        t0 = time.perf_counter(); step(); probe = time.perf_counter() - t0
        reps = max(3, int(seconds / max(probe, 1e-7)))
        t0 = time.perf_counter()
        for _ in range(reps): step()
        print((time.perf_counter() - t0) / reps * 1e3, flush=True)
    """

    /// A running PyTorch timing server (see `script`).
    public final class Session {
        /// `torch.__version__`.
        public private(set) var version = ""
        let process: Process
        let input: FileHandle, output: FileHandle
        var buffer = Data()

        /// Starts `python` (default: `$POPBENCH_PYTHON`, else `python3` on PATH) with the
        /// script; nil when Python or torch is missing.
        public init?(python: String? = nil) {
            let interpreter = python ?? ProcessInfo.processInfo.environment["POPBENCH_PYTHON"] ?? "python3"
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [interpreter, "-c", PyTorchReference.script]
            let inPipe = Pipe(), outPipe = Pipe()
            process.standardInput = inPipe; process.standardOutput = outPipe
            process.standardError = FileHandle.nullDevice
            input = inPipe.fileHandleForWriting; output = outPipe.fileHandleForReading
            do { try process.run() } catch { return nil }
            guard let first = readLine() else { return nil }
            version = first
        }

        deinit {
            try? input.close()
            process.waitUntilExit()
        }

        /// Milliseconds per step of one round of about `seconds` at batch `batch`; nil when the
        /// server has died.
        public func round(batch: Int, seconds: Double) -> Double? {
            input.write(Data("\(batch) \(seconds)\n".utf8))
            return readLine().flatMap(Double.init)
        }

        private func readLine() -> String? {
            while true {
                if let i = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[buffer.startIndex..<i], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...i)
                    return line
                }
                let more = output.availableData
                if more.isEmpty { return nil }
                buffer.append(more)
            }
        }
    }
}
