// swift-tools-version:6.1
// ar-segment: customer segmentation for accounts-receivable collections.
//
// Dependencies point one way (ARCHITECTURE.md has the map; scripts/checks/imports holds every
// target's declared dependencies equal to the modules its sources import):
//   ar-segment -> Reporting -> Segmentation -> Receivables, Clustering -> NumericCore -> COpenBLAS
//   Tabular (CSV and .xlsx in/out, atomic files; no numerics) beside, used from Receivables up
//   Clustering -> CKernels (our own C: AVX2/AVX-512 assignment kernel, picked at run time)
// Only NumericCore imports COpenBLAS, and only Clustering imports CKernels; every other module
// is pure Swift.
import PackageDescription

// Swift 5 language mode for NumericCore and Clustering (and the test targets): the hot kernels
// share raw buffers across DispatchQueue.concurrentPerform workers, which Swift 6's Sendable
// checking rejects without unchecked wrappers at every call site. Data races are ruled out by
// construction instead (disjoint row ranges per worker; see Clustering).
let languageMode: [SwiftLanguageMode] = [.v5]
// Swift 6 language mode (full data-race checking) for every other module. Tabular's few parallel
// loops share their buffers through `nonisolated(unsafe)` locals, each with the reason it is safe;
// Receivables' streaming ledger reader hands its batches over in one documented
// `@unchecked Sendable` class (LedgerProducer).
let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "ar-segment",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ar-segment", targets: ["ar-segment"]),
        .library(name: "NumericCore", targets: ["NumericCore"]),
        .library(name: "Clustering", targets: ["Clustering"]),
        .library(name: "Receivables", targets: ["Receivables"]),
        .library(name: "Segmentation", targets: ["Segmentation"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapack-dev", "liblapacke-dev", "pkg-config"])]
        ),
        .target(name: "NumericCore", dependencies: ["COpenBLAS"],
                swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
        // -O2 in debug too: SwiftPM compiles C at -O0 there, which would make the kernel that
        // every test's k-means runs through about 30x slower (measured: 405 ms against 12 ms per
        // 1M-row pass).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "Clustering", dependencies: ["NumericCore", "CKernels"],
                swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
        .target(name: "Tabular", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: swift6),
        .target(name: "Receivables", dependencies: ["NumericCore", "Tabular", "Yams"], swiftSettings: swift6),
        .target(name: "Segmentation", dependencies: ["Receivables", "Clustering", "NumericCore", "Tabular",
                                                    .product(name: "Logging", package: "swift-log")],
                swiftSettings: swift6),
        .target(name: "Reporting", dependencies: ["Segmentation", "Receivables", "NumericCore", "Tabular",
                                                 .product(name: "Mustache", package: "swift-mustache")],
                swiftSettings: swift6),
        .executableTarget(name: "ar-segment", dependencies: [
            "Reporting", "Segmentation", "Receivables", "Clustering", "NumericCore", "Tabular",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift6),
        // Times the library phases for scripts/bench (not a product: a developer tool).
        .executableTarget(name: "ar-segment-bench", dependencies: ["Clustering", "NumericCore", "Tabular"],
                          swiftSettings: swift6 + [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),

        .target(name: "TestSupport", dependencies: ["NumericCore", "Receivables"], path: "Tests/TestSupport",
                swiftSettings: swift6),
        .testTarget(name: "NumericCoreTests", dependencies: [
            "NumericCore", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ClusteringTests", dependencies: [
            "Clustering", "NumericCore", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "TabularTests", dependencies: [
            "Tabular", "NumericCore", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "ReceivablesTests", dependencies: [
            "Receivables", "Clustering", "NumericCore", "Tabular", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "SegmentationTests", dependencies: [
            "Segmentation", "Receivables", "Clustering", "NumericCore", "Tabular", "TestSupport",
        ]),
        .testTarget(name: "ReportingTests", dependencies: [
            "Reporting", "Segmentation", "Receivables", "Clustering", "NumericCore", "Tabular", "TestSupport",
        ]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "Tabular"]),
    ],
    swiftLanguageModes: languageMode
)
