// swift-tools-version: 6.1
// popbench: a benchmarking suite for optimization by population
// (decentralized SGD and population protocols). See README.md and docs/design.md.
import PackageDescription

let package = Package(
    name: "popbench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "popbench", targets: ["popbench"]),
        .library(name: "PopBenchCore", targets: ["PopBenchCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // GNU Scientific Library, found through pkg-config (`gsl`).
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        // OpenBLAS (sgemm/sgemv for the CNN task); prototypes from GSL's gsl_cblas.h.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // OpenMPI (pkg-config `ompi-c`) with a shim of accessors for its predefined handles.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),

        // The harness: plugin contract, registry, runner, seeding, statistics, results.
        .target(name: "PopBenchCore", dependencies: ["CGSL"]),
        // gnuplot scripts and data; rendering when gnuplot is installed.
        .target(name: "PopBenchPlot", dependencies: ["PopBenchCore"]),
        // Population protocols: definitions, file parser, engines, catalog.
        .target(name: "PopBenchProtocols", dependencies: [
            "PopBenchCore", .product(name: "Yams", package: "Yams"),
        ]),
        // Decentralized optimization: tasks, algorithms, cost model.
        .target(name: "PopBenchOptimization", dependencies: ["PopBenchCore", "COpenBLAS"]),
        // The MPI backend: the optimization algorithms run for real on MPI ranks, and calibration.
        .target(name: "PopBenchMPI", dependencies: ["PopBenchCore", "PopBenchOptimization", "CMPI"]),
        // Cross-family suites: the paper figures, the regression check, throughput and the engine
        // benchmarks, and run orchestration (fresh, resumed, sharded, on MPI ranks), all through
        // Core's one door to a trial (Study).
        .target(name: "PopBenchSuite", dependencies: [
            "PopBenchCore", "PopBenchPlot", "PopBenchProtocols", "PopBenchOptimization", "PopBenchMPI",
        ]),
        // The command-line interface: thin, no logic of its own.
        .executableTarget(name: "popbench", dependencies: [
            "PopBenchCore", "PopBenchPlot", "PopBenchProtocols", "PopBenchOptimization", "PopBenchSuite",
            "PopBenchMPI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // What several test targets share: the CLI runner, toy plugins, test tags.
        .target(name: "PopBenchTestSupport", dependencies: ["PopBenchCore"], path: "Tests/PopBenchTestSupport"),
        .testTarget(name: "PopBenchCoreTests", dependencies: ["PopBenchCore", "PopBenchTestSupport"]),
        .testTarget(name: "PopBenchPlotTests", dependencies: ["PopBenchPlot"]),
        .testTarget(name: "PopBenchProtocolsTests", dependencies: ["PopBenchProtocols", "PopBenchTestSupport"]),
        .testTarget(name: "PopBenchOptimizationTests", dependencies: ["PopBenchOptimization", "PopBenchTestSupport"]),
        .testTarget(name: "PopBenchSuiteTests", dependencies: ["PopBenchSuite", "PopBenchTestSupport"]),
        .testTarget(name: "PopBenchMPITests", dependencies: ["PopBenchMPI", "PopBenchSuite", "PopBenchTestSupport"]),
        .testTarget(name: "popbenchTests", dependencies: ["popbench", "PopBenchTestSupport"]),

        // Fuzzer of the protocol-file parser: libFuzzer or a seeded mutation loop
        // (scripts/fuzz-protocol-parser).
        .executableTarget(name: "ProtocolParserFuzzer", dependencies: ["PopBenchProtocols", "PopBenchCore"],
                          path: "fuzz/ProtocolParserFuzzer"),

        // package-benchmark targets: engine and kernel micro-benchmarks.
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                "PopBenchProtocols", "PopBenchOptimization", "PopBenchSuite",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
