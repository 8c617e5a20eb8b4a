// swift-tools-version: 6.0
import PackageDescription

/// Upcoming language features every target opts into (see docs/decisions/0001-package-layout.md).
let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swift-did-wallet",
    platforms: [.macOS(.v14), .iOS(.v17)],
    products: [
        .library(name: "WalletCrypto", targets: ["WalletCrypto"]),
        .library(name: "StrictJSON", targets: ["StrictJSON"]),
        .library(name: "DIDCore", targets: ["DIDCore"]),
        .library(name: "JSONLD", targets: ["JSONLD"]),
        .library(name: "WalletKeystore", targets: ["WalletKeystore"]),
        .library(name: "VerifiableCredentials", targets: ["VerifiableCredentials"]),
        .library(name: "WalletCore", targets: ["WalletCore"]),
        .library(name: "GuardedHTTP", targets: ["GuardedHTTP"]),
        .library(name: "DIDResolvers", targets: ["DIDResolvers"]),
        .library(name: "OpenID4VC", targets: ["OpenID4VC"]),
        .library(name: "WalletServer", targets: ["WalletServer"]),
        .executable(name: "wallet", targets: ["WalletCLI"]),
        .executable(name: "wallet-serve", targets: ["WalletServeCLI"]),
        .executable(name: "wallet-bench", targets: ["WalletBench"]),
        .executable(name: "wallet-fuzz", targets: ["WalletFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // P-256 and P-384 for WalletCrypto only (decision 0025).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The network layer only (GuardedHTTP and what is above it; decision 0012).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // X.509 chains of OpenID4VC (x5c, x509_hash, x509_san_dns) and the verifier's certificate
        // (decision 0032).
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        // `wallet serve` only (WalletServer, decision 0032): never built for the core's tests.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // `swift package generate-documentation` (`make docs`); a command plugin, linked into no
        // product (decision 0020).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Layer 0: libsodium through pkg-config.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        // Layer 0: libsecp256k1 (Debian's libsecp256k1-dev) through pkg-config (decision 0025).
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"]), .brew(["secp256k1"])]
        ),
        // Layer 0: libqrencode (Debian's libqrencode-dev) for QR codes; WalletServer only
        // (decision 0032).
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),
        // Layer 1.
        .target(
            name: "WalletCrypto",
            dependencies: ["CSodium", "CSecp256k1", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: upcomingFeatures
        ),
        .target(name: "StrictJSON", swiftSettings: upcomingFeatures),
        // The one HTTP client (decision 0012): linked by the network layer only, never by the
        // offline verifier (VerifiableCredentials, DIDCore).
        .target(
            name: "GuardedHTTP",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // Layer 2.
        // The pinned contexts are compiled in (Generated/, from Contexts/ by `make contexts`):
        // no resource bundle at run time (docs/decisions/0016-contexts-compiled-in.md).
        .target(name: "JSONLD", dependencies: ["WalletCrypto", "StrictJSON"], exclude: ["Contexts"], swiftSettings: upcomingFeatures),
        .target(
            name: "DIDCore",
            dependencies: [
                "WalletCrypto", "StrictJSON",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "WalletKeystore",
            dependencies: [
                "WalletCrypto", "StrictJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // Layer 3.
        .target(
            name: "VerifiableCredentials",
            dependencies: ["DIDCore", "JSONLD", "WalletCrypto", "StrictJSON"],
            swiftSettings: upcomingFeatures
        ),
        // Layer 4.
        .target(
            name: "WalletCore",
            dependencies: [
                "VerifiableCredentials", "WalletKeystore", "DIDCore", "WalletCrypto", "StrictJSON", "JSONLD",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // Layer 4: what fetches (the HTTPS status list provider; later did:web), over GuardedHTTP.
        .target(
            name: "DIDResolvers",
            dependencies: ["GuardedHTTP", "VerifiableCredentials", "DIDCore", "StrictJSON"],
            swiftSettings: upcomingFeatures
        ),
        // Layer 4: OpenID4VCI / OpenID4VP messages, DCQL, the holder's flows over GuardedHTTP, the
        // issuer and verifier roles as library types an app hosts itself (decision 0032).
        .target(
            name: "OpenID4VC",
            dependencies: [
                "WalletCore", "DIDResolvers", "GuardedHTTP", "VerifiableCredentials", "DIDCore", "StrictJSON",
                "WalletCrypto",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // Layer 5: `wallet serve` on Hummingbird 2, server state in SQLite, QR codes (decision 0032).
        .target(
            name: "WalletServer",
            dependencies: [
                "OpenID4VC", "WalletCore", "VerifiableCredentials", "DIDCore", "StrictJSON", "WalletCrypto",
                "CQRencode",
                // The verifier's certificate and key files (`wallet serve --verifier-cert/--verifier-key`).
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // Layer 5: the `wallet` tool, in two executables (decision 0038): `wallet` runs every
        // command but the server's, and execs `wallet-serve` (installed beside it) for `serve`,
        // `offer` and `request`, so the commands that start often do not load the HTTP server.
        // What both share — options, errors, the terminal, the wallet session — is WalletCLISupport.
        .target(
            name: "WalletCLISupport",
            dependencies: [
                "WalletCore", "WalletKeystore", "VerifiableCredentials", "DIDCore", "StrictJSON", "WalletCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "WalletCLI",
            dependencies: [
                "WalletCLISupport", "WalletCore", "WalletKeystore", "VerifiableCredentials", "DIDCore", "StrictJSON", "WalletCrypto",
                "DIDResolvers", "GuardedHTTP", "JSONLD", "OpenID4VC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "WalletServeCLI",
            dependencies: [
                "WalletCLISupport", "WalletServer", "OpenID4VC", "WalletCore", "JSONLD", "VerifiableCredentials", "DIDCore", "StrictJSON", "WalletCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // Benchmarks; imports CSodium, CSecp256k1 and Crypto only to measure the direct-call
        // baselines (docs/decisions/0002-benchmark-baseline.md, 0025).
        .executableTarget(
            name: "WalletBench",
            dependencies: [
                "WalletCrypto", "StrictJSON", "DIDCore", "JSONLD", "WalletKeystore", "WalletCore", "VerifiableCredentials", "CSodium",
                "CSecp256k1", .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Comparisons"],
            swiftSettings: upcomingFeatures
        ),
        // Shared test helpers: fixture loading from the package root, a seeded generator.
        .target(name: "TestSupport", dependencies: ["StrictJSON", "WalletKeystore", "WalletCrypto"], path: "Tests/TestSupport", swiftSettings: upcomingFeatures),
        .testTarget(name: "WalletCryptoTests", dependencies: ["WalletCrypto", "StrictJSON", "TestSupport"], swiftSettings: upcomingFeatures),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON", "TestSupport"], swiftSettings: upcomingFeatures),
        .testTarget(name: "JSONLDTests", dependencies: ["JSONLD", "WalletCrypto", "StrictJSON", "TestSupport"], swiftSettings: upcomingFeatures),
        .testTarget(name: "DIDCoreTests", dependencies: ["DIDCore", "StrictJSON", "WalletCrypto", "TestSupport"], swiftSettings: upcomingFeatures),
        // Fuzz targets: libFuzzer with `make fuzz`, input replay otherwise (security requirement 32).
        .executableTarget(
            name: "WalletFuzz",
            dependencies: ["VerifiableCredentials", "JSONLD", "WalletKeystore", "DIDCore", "StrictJSON", "WalletCrypto"],
            swiftSettings: upcomingFeatures
        ),
        // A helper process for the keystore's crash and concurrency tests (writes records and
        // reports each commit on stdout).
        .executableTarget(name: "keystore-stress", dependencies: ["WalletKeystore", "WalletCore", "WalletCrypto"], path: "Tests/KeystoreStress", swiftSettings: upcomingFeatures),
        .testTarget(
            name: "KeystoreTests",
            dependencies: ["WalletKeystore", "WalletCrypto", "StrictJSON", "TestSupport", "keystore-stress", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(name: "VerifiableCredentialsTests", dependencies: ["VerifiableCredentials", "JSONLD", "DIDCore", "WalletCrypto", "StrictJSON", "TestSupport"], swiftSettings: upcomingFeatures),
        .testTarget(name: "WalletCoreTests", dependencies: ["WalletCore", "WalletKeystore", "VerifiableCredentials", "DIDCore", "WalletCrypto", "StrictJSON", "TestSupport", "keystore-stress", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: upcomingFeatures),
        // The network tests: loopback servers (plain and TLS) the tests start, an injected resolver.
        .testTarget(
            name: "GuardedHTTPTests",
            dependencies: [
                "GuardedHTTP", "DIDResolvers", "VerifiableCredentials", "DIDCore", "StrictJSON", "WalletCrypto", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: upcomingFeatures
        ),
        // OpenID4VC: loopback servers the tests start (plain and TLS), a test CA.
        .testTarget(
            name: "OpenID4VCTests",
            dependencies: [
                "OpenID4VC", "WalletCore", "GuardedHTTP", "DIDResolvers", "VerifiableCredentials", "DIDCore", "StrictJSON",
                "WalletCrypto", "TestSupport",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "WalletServerTests",
            dependencies: [
                "WalletServer", "OpenID4VC", "WalletCore", "GuardedHTTP", "StrictJSON", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(name: "WalletCLITests", dependencies: ["WalletCLI", "WalletServeCLI", "WalletCLISupport", "WalletFuzz", "WalletKeystore", "DIDCore", "StrictJSON", "TestSupport"], swiftSettings: upcomingFeatures),
    ]
)
