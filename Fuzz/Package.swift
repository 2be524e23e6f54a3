// swift-tools-version: 6.0
import PackageDescription

// Coverage-guided fuzz targets (libFuzzer) for what a user types and what a file holds.
// Built and run by scripts/fuzz, which compiles everything with -sanitize=fuzzer,address:
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address
// Each target's main hands its test function to libFuzzer's driver (LLVMFuzzerRunDriver).
let package = Package(
    name: "GradbookFuzz",
    dependencies: [.package(name: "Gradbook", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "FuzzInterpreter", dependencies: ["CFuzzDriver", .product(name: "Notebook", package: "Gradbook")]),
        .executableTarget(
            name: "FuzzIDX", dependencies: ["CFuzzDriver", .product(name: "Datasets", package: "Gradbook")]),
        .executableTarget(
            name: "FuzzCSV", dependencies: ["CFuzzDriver", .product(name: "Datasets", package: "Gradbook")]),
        .executableTarget(
            name: "FuzzGunzip", dependencies: ["CFuzzDriver", .product(name: "Datasets", package: "Gradbook")]),
        .executableTarget(
            name: "FuzzSafetensors", dependencies: ["CFuzzDriver", .product(name: "Safetensors", package: "Gradbook")]),
    ]
)
