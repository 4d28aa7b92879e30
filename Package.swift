// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "AdaPert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "adapert", targets: ["adapert"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "DistTrain", targets: ["DistTrain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // System libraries (Debian packages; see scripts/setup).
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial",
                       providers: [.apt(["libhdf5-dev"])]),
        // The only C that touches MPI.
        .target(name: "MPIShim", dependencies: ["CMPI"]),
        // Tensors, layers, the AdaPert network, losses, optimiser: pure Swift + BLAS.
        .target(name: "Model", dependencies: [
            "COpenBLAS",
            .product(name: "RealModule", package: "swift-numerics"),
        ]),
        // Data loading, sharding, communication, checkpoints, training loop, CLI commands.
        .target(name: "DistTrain", dependencies: [
            "Model", "MPIShim", "CHDF5",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "adapert", dependencies: [
            "DistTrain", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ModelTests", dependencies: [
            "Model",
            .product(name: "Numerics", package: "swift-numerics"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "DistTrainTests", dependencies: [
            "DistTrain", "Model",
            .product(name: "InMemoryLogging", package: "swift-log"),
        ]),
        // Times forward + backward steps at a genome-scale shape against one-core sgemm (MFU).
        .executableTarget(name: "ModelBench", dependencies: ["Model", "COpenBLAS"]),
    ]
)
