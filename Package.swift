// swift-tools-version:6.0
import PackageDescription

/// Models is numerics-heavy; tests run in debug, so it is optimised even there.
let modelsSettings: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "lab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lab", targets: ["Lab"]),
        .library(name: "Models", targets: ["Models"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/drmohundro/SWXMLHash", exact: "8.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))], linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "Models",
            dependencies: [
                "CKernels",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: modelsSettings
        ),
        .executableTarget(
            name: "Lab",
            dependencies: [
                "Models", "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ModelsTests", dependencies: ["Models"], exclude: ["Snapshots"], swiftSettings: modelsSettings),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Models", .product(name: "SWXMLHash", package: "SWXMLHash")], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
