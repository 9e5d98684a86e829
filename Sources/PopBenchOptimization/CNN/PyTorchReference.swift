import Foundation

/// The same CNN training step in PyTorch, for `bench cnn`: measured side by side when a Python
/// with `torch` is available, otherwise reference figures measured on this project's machine
/// kind (2-core x86 VM, one thread).
public enum PyTorchReference {
    /// One PyTorch measurement: milliseconds per step by batch size, and the torch version.
    public struct Measurement: Sendable, Equatable {
        /// `torch.__version__`.
        public let version: String
        /// Milliseconds per SGD step by batch size.
        public let millisecondsPerStep: [Int: Double]
    }

    /// PyTorch 2.13 CPU, one thread, same network and step (plain SGD), measured in the same run
    /// as popbench's figures of that time (0.088 / 0.61 / 2.43 / 9.9 ms): ms per step at batch
    /// 1, 8, 32 and 128. Shown when PyTorch is not installed; not a measurement of this run.
    public static let referenceVersion = "2.13 (reference, not this run)"
    /// See `referenceVersion`.
    public static let referenceMilliseconds: [Int: Double] = [1: 0.37, 8: 1.17, 32: 1.95, 128: 5.09]

    /// The timing script: conv(1->16, 3x3, pad 1), ReLU, conv(16->32), ReLU, 2x2 max-pool,
    /// linear(512 -> 10), cross-entropy, SGD lr 0.01, one thread, best of 5 rounds of ~0.1 s.
    /// Exits 3 when torch is missing. Prints `version` then `batch ms` lines.
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
    print(torch.__version__)
    for b in [int(a) for a in sys.argv[1:]]:
        x = torch.rand(b, 1, 8, 8); y = torch.randint(0, 10, (b,))
        def step():
            opt.zero_grad(); loss_fn(net(x), y).backward(); opt.step()
        for _ in range(5): step()
        t0 = time.perf_counter(); step(); probe = time.perf_counter() - t0
        reps = max(3, int(0.1 / max(probe, 1e-7)))
        best = float('inf')
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(reps): step()
            best = min(best, (time.perf_counter() - t0) / reps)
        print(b, best * 1e3, flush=True)
    """

    /// Runs the script with `python` (default: `$POPBENCH_PYTHON`, else `python3` on PATH) for
    /// `batchSizes`; nil when Python or torch is missing or the script fails.
    public static func measure(batchSizes: [Int], python: String? = nil) -> Measurement? {
        let interpreter = python ?? ProcessInfo.processInfo.environment["POPBENCH_PYTHON"] ?? "python3"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [interpreter, "-c", script] + batchSizes.map(String.init)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard let version = lines.first else { return nil }
        var ms: [Int: Double] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: " ")
            if f.count == 2, let b = Int(f[0]), let t = Double(f[1]) { ms[b] = t }
        }
        return ms.count == batchSizes.count ? Measurement(version: String(version), millisecondsPerStep: ms) : nil
    }
}
