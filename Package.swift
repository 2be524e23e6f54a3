// swift-tools-version: 6.0
import PackageDescription

// Layers, top to bottom (dependencies point downward only):
//   gradbook (executable) → LineEditing → CEditLine (libedit)
//                        → JupyterKernel → CZMQ (ZeroMQ)
//                        → Notebook (commands and the cell loop), and the Session, Lessons and
//                          Rendering types it shows
//   Notebook → Rendering, Language → Session → Syntax, Lessons, Files
//            → Checkpoint → NeuralNet → Optimizers → TensorGrad, ScalarGrad → Kernels, Operations, Explain
let package = Package(
    name: "Gradbook",
    products: [
        .executable(name: "gradbook", targets: ["gradbook"]),
        // The interpreter, with the session it runs in (what the fuzz targets drive).
        .library(name: "Notebook", targets: ["Notebook", "Session"]),
        .library(name: "ScalarGrad", targets: ["ScalarGrad"]),
        // For the fuzz targets in Fuzz/ (a package of their own, built with -sanitize=fuzzer).
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Safetensors", targets: ["Safetensors"]),
    ],
    dependencies: [
        // The executable's command line: subcommands, generated help and shell completion.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 of downloads and HMAC-SHA256 of Jupyter messages.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - System
        .target(
            name: "CEditLine",
            linkerSettings: [.linkedLibrary("edit")]
        ),

        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]
        ),

        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),

        // ZeroMQ, the Jupyter kernel's transport.
        .systemLibrary(
            name: "CZMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"]), .brew(["zeromq"])]
        ),

        // The hottest training loops, vectorized for the processor at hand (AVX2 or SSE2).
        .target(name: "CLoops", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=off"])]),

        // MARK: - Kernels (the only module that talks to BLAS)
        .target(
            name: "Kernels",
            dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux])), "CLoops"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))],
            linkerSettings: [.linkedFramework("Accelerate", .when(platforms: [.macOS]))]
        ),

        // MARK: - Engines
        // The bounds on what a user or a file can ask for, and the checked conversions.
        .target(name: "Limits"),
        .target(name: "Explain"),
        // The table of elementwise operations: one file per op, forward, derivative, formula.
        .target(name: "Operations", dependencies: ["Explain"]),
        .target(name: "Randomness"),
        // JSON values: safetensors headers, notebooks, Jupyter messages.
        .target(name: "JSON"),
        // The safetensors file format (named float tensors + metadata), apart from models.
        .target(name: "Safetensors", dependencies: ["JSON"]),
        .target(
            name: "ScalarGrad",
            dependencies: ["Explain", "Operations", "Randomness"],
            // Value's fields are touched a few times per node per pass; dynamic exclusivity
            // checks cost more than the arithmetic (measured: micrograd's demo step 4.2 ms
            // unchecked, 10.5 ms checked). The engine is single-threaded by design.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),

        .target(name: "TensorGrad", dependencies: ["Kernels", "Limits", "Operations", "Randomness"]),

        // MARK: - Domain
        .target(name: "Optimizers", dependencies: ["TensorGrad", "ScalarGrad", "Explain", "Kernels", "CLoops"]),
        .target(name: "Datasets", dependencies: ["CZlib", "CLoops", "Limits", "Randomness"]),
        // Verified downloads, apart from the parsers (so the fuzz targets need no crypto).
        .target(name: "DataDownload", dependencies: ["Datasets", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "NeuralNet",
            dependencies: [
                "TensorGrad", "ScalarGrad", "Explain", "Kernels", "Limits", "Operations", "Optimizers", "Datasets",
                "Randomness",
                "CLoops",
            ]
        ),

        // MARK: - Interpreter, bottom to top
        // The notebook language's syntax: tokens, the parser, the tree (no values, no session).
        .target(name: "Syntax", dependencies: ["Limits"]),
        // Files written whole or not at all.
        .target(name: "Files"),
        // A model, its optimizer's state and its history as one safetensors file.
        .target(
            name: "Checkpoint",
            dependencies: ["Files", "JSON", "NeuralNet", "Optimizers", "Randomness", "Safetensors", "TensorGrad"]
        ),
        // The curriculum as data: lesson files, their steps and checks, bookmarks.
        .target(name: "Lessons", dependencies: ["Files", "Explain"]),
        // The workspace: values, variables, data, the model, runs, configuration, errors.
        .target(
            name: "Session",
            dependencies: [
                "Syntax", "Files", "Lessons", "Datasets", "Explain", "Limits", "NeuralNet", "Operations",
                "Optimizers", "Randomness", "ScalarGrad", "TensorGrad",
            ]
        ),
        // Evaluating expressions: the evaluator, calls, the built-in functions.
        .target(
            name: "Language",
            dependencies: [
                "Syntax", "Session", "Explain", "Limits", "NeuralNet", "Operations", "ScalarGrad", "TensorGrad",
            ]
        ),
        // Outputs and how they are shown: text, SVG, PNG, Jupyter's bundles, notebook files.
        .target(
            name: "Rendering",
            dependencies: ["Session", "JSON", "Explain", "NeuralNet", "ScalarGrad", "TensorGrad", "CZlib"]
        ),
        // The commands (parse → call → render) and the notebook that runs cells through them.
        .target(
            name: "Notebook",
            dependencies: [
                "Syntax", "Files", "Checkpoint", "Lessons", "Session", "Language", "Rendering", "ScalarGrad",
                "TensorGrad", "NeuralNet", "Operations", "Optimizers", "Datasets", "DataDownload", "Limits",
                "Randomness", "Explain", "Safetensors",
            ]
        ),

        // MARK: - Front ends
        .target(name: "LineEditing", dependencies: ["CEditLine"]),
        // The Jupyter kernel: the notebook behind the messaging protocol (ZeroMQ, HMAC-signed).
        .target(
            name: "JupyterKernel",
            dependencies: [
                "Notebook", "Rendering", "JSON", "CZMQ", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "gradbook",
            dependencies: [
                "Notebook", "Rendering", "Session", "Lessons", "LineEditing", "JupyterKernel", "JSON", "Kernels",
                "Limits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Benchmarks (run in release mode: swift run -c release scalar-benchmark)
        .target(name: "BenchmarkSupport", path: "Benchmarks/Support"),
        .executableTarget(
            name: "scalar-benchmark",
            dependencies: ["ScalarGrad", "BenchmarkSupport"],
            path: "Benchmarks/ScalarBenchmark"
        ),

        .target(name: "CPeak", path: "Benchmarks/CPeak"),
        .executableTarget(
            name: "gemm-benchmark",
            dependencies: ["Kernels", "Randomness", "CPeak", "BenchmarkSupport"],
            path: "Benchmarks/GEMMBenchmark"
        ),

        .executableTarget(
            name: "csv-benchmark",
            dependencies: ["Datasets", "Randomness", "BenchmarkSupport"],
            path: "Benchmarks/CSVBenchmark"
        ),

        .executableTarget(
            name: "mnist-benchmark",
            dependencies: ["NeuralNet", "Datasets", "Optimizers", "Randomness", "CPeak", "BenchmarkSupport"],
            path: "Benchmarks/MNISTBenchmark"
        ),

        // MARK: - Tests (mirror the sources)
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LimitsTests", dependencies: ["Limits"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "SafetensorsTests", dependencies: ["Safetensors", "JSON", "TestSupport"]),
        .testTarget(name: "ExplainTests", dependencies: ["Explain", "TestSupport"]),
        .testTarget(
            name: "OperationsTests",
            dependencies: ["Operations", "Explain", "ScalarGrad", "TensorGrad", "TestSupport"]),
        .testTarget(name: "ScalarGradTests", dependencies: ["ScalarGrad", "TestSupport"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "CLoops", "Randomness", "TestSupport"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "TensorGrad", "ScalarGrad", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "DataDownload", "Randomness", "TestSupport"]),
        .testTarget(name: "DataDownloadTests", dependencies: ["DataDownload", "Datasets", "TestSupport"]),
        .testTarget(
            name: "NeuralNetTests",
            dependencies: [
                "NeuralNet", "ScalarGrad", "Kernels", "TensorGrad", "Optimizers", "Datasets", "Randomness",
                "TestSupport",
            ]),
        .testTarget(name: "TensorGradTests", dependencies: ["TensorGrad", "Kernels", "Randomness", "TestSupport"]),
        .testTarget(
            name: "NotebookTests",
            dependencies: [
                "Notebook", "Syntax", "Files", "Checkpoint", "Lessons", "Session", "Language", "Rendering", "NeuralNet",
                "Optimizers", "ScalarGrad", "TensorGrad", "JSON", "Safetensors", "TestSupport",
            ],
            exclude: ["Transcripts"]),
        .testTarget(
            name: "JupyterKernelTests",
            dependencies: ["JupyterKernel", "Notebook", "Rendering", "Session", "JSON", "CZMQ", "TestSupport"]),
        // Depends on the executable so `swift test` builds it from the current sources first.
        .testTarget(name: "FrontEndTests", dependencies: ["gradbook", "TestSupport", "Explain"]),
    ]
)
