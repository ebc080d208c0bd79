import Foundation
import NumericCore

// Decoders for the scikit-learn fixtures written by scripts/reference/make_fixtures.py.
// Field names follow scikit-learn's attribute names.

struct ExplicitKMeansFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var x: [[Double]]
        var sample_weight: [Double]?
        var `init`: [[Double]]
        var max_iter: Int
        var tol: Double
        var labels: [Int]
        var cluster_centers: [[Double]]
        var inertia: Double
        var n_iter: Int
    }
    var sklearn_version: String
    var cases: [Case]
}

struct PlusPlusFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var x: [[Double]]
        var sample_weight: [Double]?
        var k: Int
        var n_init: Int
        var max_iter: Int
        var tol: Double
        var inertia: Double
    }
    var sklearn_version: String
    var cases: [Case]
}

struct MetricsFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var x: [[Double]]
        var labels: [Int]
        var silhouette_samples: [Double]
        var silhouette_score: Double
        var calinski_harabasz: Double
        var davies_bouldin: Double
    }
    struct RandIndexCase: Decodable {
        var a: [Int]
        var b: [Int]
        var ari: Double
    }
    var sklearn_version: String
    var cases: [Case]
    var ari: [RandIndexCase]
}

enum Fixture {
    /// Decodes `Fixtures/<name>.json` from the test bundle.
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}
