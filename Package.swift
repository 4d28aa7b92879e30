// swift-tools-version:6.0
import PackageDescription

// One target per concern; a target imports only targets of lower layers (the compiler enforces it), as the
// README's "Architecture" table shows:
//   0  Core (AdaPertError, CSV tables) | Model (parameters, ops, network, statistics, hashing; BLAS) | MPIShim (C for MPI)
//   1  HDF5 (Core; CSignalGuard turns a libhdf5 crash on a damaged file into one error line)
//   2  AnnData (HDF5) | KnowledgeGraph (Model)
//   3  CellEval (AnnData, Model) | Simulator (AnnData, Model)
//   4  DistTrain (CellEval, Simulator's settings, KnowledgeGraph, AnnData, MPIShim, Model)
//   5  Inference (DistTrain, CellEval, Simulator)
//   6  Report (Inference)
//   7  AdaPertCLI (Report, Inference, DistTrain); the `adapert` executable is its main
//   ModelBench: the model-step benchmark executable (Model only; bench/MODEL_STEP.md)
let package = Package(
    name: "AdaPert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "adapert", targets: ["adapert"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "AnnData", targets: ["AnnData"]),
        .library(name: "CellEval", targets: ["CellEval"]),
        .library(name: "DistTrain", targets: ["DistTrain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // System libraries (Debian packages; see scripts/setup).
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial",
                       providers: [.apt(["libhdf5-dev"])]),

        .target(name: "Core", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        .target(name: "Model", dependencies: [
            "COpenBLAS", .product(name: "RealModule", package: "swift-numerics"),
        ]),
        .target(name: "MPIShim", dependencies: ["CMPI"]),
        .target(name: "CSignalGuard"),
        .target(name: "HDF5", dependencies: ["CHDF5", "CSignalGuard", "Core"]),
        .target(name: "KnowledgeGraph", dependencies: ["Model", "Core"]),
        .target(name: "AnnData", dependencies: ["HDF5", "Core"]),
        .target(name: "CellEval", dependencies: ["AnnData", "Model", "Core"]),
        .target(name: "Simulator", dependencies: ["AnnData", "HDF5", "Model", "Core"]),
        .target(name: "DistTrain", dependencies: [
            "Model", "MPIShim", "HDF5", "AnnData", "KnowledgeGraph", "CellEval", "Simulator", "Core",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Inference", dependencies: [
            "DistTrain", "CellEval", "Simulator", "KnowledgeGraph", "AnnData", "HDF5", "Model", "Core",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Report", dependencies: [
            "Inference", "DistTrain", "CellEval", "KnowledgeGraph", "AnnData", "Model", "Core",
        ]),
        .target(name: "AdaPertCLI", dependencies: [
            "Report", "Inference", "DistTrain", "CellEval", "Simulator", "KnowledgeGraph", "AnnData", "HDF5",
            "Model", "Core",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "adapert", dependencies: [
            "AdaPertCLI", "Model", .product(name: "Logging", package: "swift-log"),
        ]),

        // Tests: one target per library target; TestSupport holds the shared temporary folder and tiny screen.
        .target(name: "TestSupport", dependencies: [
            "DistTrain", "Simulator", "AnnData", "HDF5", "Core", .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "ModelTests", dependencies: [
            "Model", .product(name: "Numerics", package: "swift-numerics"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "CHDF5", "Core", "TestSupport"]),
        .testTarget(name: "AnnDataTests", dependencies: ["AnnData", "HDF5", "Model", "Core", "TestSupport"]),
        .testTarget(name: "KnowledgeGraphTests", dependencies: ["KnowledgeGraph", "Model", "Core", "TestSupport"]),
        .testTarget(name: "CellEvalTests", dependencies: ["CellEval", "AnnData", "HDF5", "Model", "TestSupport"]),
        .testTarget(name: "SimulatorTests", dependencies: [
            "Simulator", "AnnData", "HDF5", "KnowledgeGraph", "DistTrain", "Model", "Core", "TestSupport",
        ]),
        .testTarget(name: "DistTrainTests", dependencies: [
            "DistTrain", "CellEval", "AnnData", "HDF5", "Model", "Core", "TestSupport",
            .product(name: "InMemoryLogging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "DistTrain", "CellEval", "Model", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "AnnData", "Model"]),
        .testTarget(name: "AdaPertCLITests", dependencies: [
            "AdaPertCLI", "Report", "Inference", "DistTrain", "CellEval", "AnnData", "KnowledgeGraph", "Core", "TestSupport",
            .product(name: "Logging", package: "swift-log"), .product(name: "InMemoryLogging", package: "swift-log"),
        ]),
        // Times forward + backward steps at a genome-scale shape against one-core sgemm (MFU).
        .executableTarget(name: "ModelBench", dependencies: ["Model", "COpenBLAS"]),
    ]
)
