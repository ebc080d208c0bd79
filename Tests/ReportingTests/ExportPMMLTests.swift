import Foundation
import Testing
import NumericCore
import TestSupport
@testable import Reporting
@testable import Segmentation

/// A random but valid description: `d` features (every other one log-transformed),
/// optional PCA with `components` rows, `k` clusters.
private func randomDescription(seed: UInt64, features d: Int, components: Int?, clusters k: Int) -> ScoringDescription {
    var rng = SplitMix64(seed: seed)
    let features = (0..<d).map { i in
        ScoringDescription.Feature(name: "feature_\(i)", transform: i % 2 == 0 ? .log1p : .none,
                                   mean: rng.nextGaussian() * 3, scale: 0.1 + rng.nextUniform() * 4)
    }
    let projection = components.map { c in
        ScoringDescription.Projection(mean: (0..<d).map { _ in rng.nextGaussian() * 1e-3 },
                                      components: (0..<c).map { _ in (0..<d).map { _ in rng.nextGaussian() } })
    }
    let dimension = components ?? d
    let clusters = (0..<k).map { j in
        ScoringDescription.Cluster(id: "\(j)", name: "Segment \(j + 1)", strategy: "Strategy \(j % 3)",
                                   size: 10 + j, centroid: (0..<dimension).map { _ in rng.nextGaussian() })
    }
    return ScoringDescription(modelName: "test model", toolVersion: "9.9.9", features: features,
                              projection: projection, clusters: clusters)
}

/// The scoring path computed directly from the description: the reference the PMML must match.
private func referenceScore(_ d: ScoringDescription, _ x: [Double]) -> (coordinates: [Double], cluster: Int) {
    let z = d.features.indices.map { i -> Double in
        let f = d.features[i]
        let t = f.transform.apply(x[i])  // what `assign` does
        return (t - f.mean) / f.scale
    }
    var p = z
    if let projection = d.projection {
        p = projection.components.map { c in c.indices.reduce(0) { $0 + (z[$1] - projection.mean[$1]) * c[$1] } }
    }
    let distances = d.clusters.map { c in zip(p, c.centroid).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
    return (p, distances.indices.min { distances[$0] < distances[$1] }!)
}

/// Evaluates the exported document the way a PMML scorer does, for the subset of PMML the
/// exporter writes: derived fields in order (`Apply` of + - * / ln sum lessThan if, `FieldRef`,
/// `Constant`),
/// then the nearest cluster by squared Euclidean distance over the `ClusteringField`s.
struct MiniScorer {
    let model: XMLNode
    let fieldNames: [String]

    init(_ root: XMLNode) throws {
        model = try #require(root.child("ClusteringModel"))
        fieldNames = try #require(root.child("DataDictionary")).children("DataField").compactMap { $0.attributes["name"] }
    }

    func score(_ x: [Double]) throws -> (coordinates: [Double], cluster: Int) {
        var fields = Dictionary(uniqueKeysWithValues: zip(fieldNames, x))
        for derived in try #require(model.child("LocalTransformations")).children("DerivedField") {
            let expression = try #require(derived.children.first)
            fields[try #require(derived.attributes["name"])] = try evaluate(expression, fields)
        }
        let coordinates = try model.children("ClusteringField").map { try #require(fields[$0.attributes["field"] ?? ""]) }
        let centroids = try model.children("Cluster").map { cluster in
            try #require(cluster.child("Array")).text.split(separator: " ").map { try #require(Double($0)) }
        }
        let distances = centroids.map { c in zip(coordinates, c).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        return (coordinates, distances.indices.min { distances[$0] < distances[$1] }!)
    }

    private func evaluate(_ node: XMLNode, _ fields: [String: Double]) throws -> Double {
        switch node.name {
        case "Constant": return try #require(Double(node.text))
        case "FieldRef": return try #require(fields[node.attributes["field"] ?? ""])
        case "Apply":
            let args = try node.children.map { try evaluate($0, fields) }
            switch node.attributes["function"] {
            case "+": return args[0] + args[1]
            case "-": return args[0] - args[1]
            case "*": return args[0] * args[1]
            case "/": return args[0] / args[1]
            case "ln": return Foundation.log(args[0])
            case "sum": return args.reduce(0, +)
            case "lessThan": return args[0] < args[1] ? 1 : 0
            case "if": return args[0] != 0 ? args[1] : args[2]
            default: Issue.record("unexpected function \(node.attributes["function"] ?? "")"); return .nan
            }
        default:
            Issue.record("unexpected expression element \(node.name)")
            return .nan
        }
    }
}

@Suite("PMML export")
struct ExportPMMLTests {
    @Test("document is PMML 4.4 with a centre-based clustering model and one Cluster per segment")
    func documentShape() throws {
        let description = randomDescription(seed: 1, features: 5, components: 3, clusters: 4)
        let text = try PMMLExporter.render(description)
        let (root, namespace) = try #require(XMLNode.parse(text))
        #expect(root.name == "PMML")
        #expect(namespace == "http://www.dmg.org/PMML-4_4")
        #expect(root.attributes["version"] == "4.4")
        #expect(root.children.map(\.name) == ["Header", "DataDictionary", "ClusteringModel"])
        #expect(root.child("Header")?.child("Application")?.attributes["version"] == "9.9.9")

        let dictionary = try #require(root.child("DataDictionary"))
        #expect(dictionary.attributes["numberOfFields"] == "5")
        #expect(dictionary.children("DataField").map { $0.attributes["name"] } == description.features.map(\.name))
        #expect(dictionary.children("DataField").allSatisfy {
            $0.attributes["optype"] == "continuous" && $0.attributes["dataType"] == "double"
        })

        let model = try #require(root.child("ClusteringModel"))
        #expect(model.attributes["functionName"] == "clustering")
        #expect(model.attributes["modelClass"] == "centerBased")
        #expect(model.attributes["numberOfClusters"] == "4")
        #expect(model.attributes["modelName"] == "test model")
        // The schema fixes the order of a ClusteringModel's children.
        let order = model.children.map(\.name).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(order == ["MiningSchema", "Output", "LocalTransformations", "ComparisonMeasure",
                          "ClusteringField", "Cluster"])
        let measure = try #require(model.child("ComparisonMeasure"))
        #expect(measure.attributes["kind"] == "distance")
        #expect(measure.children.map(\.name) == ["squaredEuclidean"])
        #expect(model.children("ClusteringField").map { $0.attributes["field"] } == ["pc1", "pc2", "pc3"])
        #expect(model.child("MiningSchema")?.children("MiningField").map { $0.attributes["name"] }
                == description.features.map(\.name))

        let outputs = try #require(model.child("Output")).children("OutputField")
        #expect(outputs.map { $0.attributes["name"] } == ["segment", "segment_name", "strategy", "squared_distance"])
        #expect(outputs.map { $0.attributes["feature"] } == ["predictedValue", "predictedDisplayValue",
                                                             "transformedValue", "entityAffinity"])
        let rows = try #require(outputs[2].child("MapValues")?.child("InlineTable")).children("row")
        #expect(rows.map { $0.child("segment")?.text } == description.clusters.map(\.id))
        #expect(rows.map { $0.child("strategy")?.text } == description.clusters.map(\.strategy))

        let clusters = model.children("Cluster")
        #expect(clusters.map { $0.attributes["id"] } == ["0", "1", "2", "3"])
        #expect(clusters.map { $0.attributes["name"] } == description.clusters.map(\.name))
        #expect(clusters.map { $0.attributes["size"] } == ["10", "11", "12", "13"])
        for (cluster, expected) in zip(clusters, description.clusters) {
            let array = try #require(cluster.child("Array"))
            #expect(array.attributes["type"] == "real")
            #expect(array.attributes["n"] == "3")
            // Exact equality: numbers must survive the text round trip bit for bit.
            #expect(array.text.split(separator: " ").map { Double($0) } == expected.centroid)
        }
    }

    @Test("scoring the document gives the same coordinates and cluster as the scoring path",
          arguments: [(UInt64(2), 1, Int?.none, 1), (3, 4, nil, 3), (4, 6, 2, 5), (5, 8, 8, 7), (6, 3, 1, 2)])
    func scoringMatchesReference(seed: UInt64, features: Int, components: Int?, clusters: Int) throws {
        let description = randomDescription(seed: seed, features: features, components: components, clusters: clusters)
        let (root, _) = try #require(XMLNode.parse(try PMMLExporter.render(description)))
        let scorer = try MiniScorer(root)
        var rng = SplitMix64(seed: seed &+ 100)
        var clustersSeen = Set<Int>()
        for _ in 0..<200 {
            // Money-like values: log-normal over several orders of magnitude, exact zeros and credits.
            let x = (0..<features).map { i -> Double in
                guard i % 2 == 0 else { return rng.nextGaussian() * 5 }
                let u = rng.nextUniform()
                let magnitude = Foundation.exp(rng.nextGaussian() * 3)
                return u < 0.1 ? 0 : u < 0.25 ? -magnitude : magnitude
            }
            let expected = referenceScore(description, x)
            let scored = try scorer.score(x)
            #expect(approxEqual(scored.coordinates, expected.coordinates, relative: 1e-12, absolute: 1e-12))
            #expect(scored.cluster == expected.cluster)
            clustersSeen.insert(expected.cluster)
        }
        // The rows must exercise more than one cluster, or the comparison proves little.
        #expect(clusters == 1 || clustersSeen.count > 1)
    }

    @Test("names with markup and quotes are escaped and read back unchanged")
    func hostileNames() throws {
        var description = randomDescription(seed: 7, features: 2, components: nil, clusters: 2)
        description.features[0].name = #"amount <b>"&'</b>"#
        description.clusters[0].name = "<script>alert('x')</script>"
        description.clusters[0].strategy = "Call & e-mail <now>"
        description.clusters[1].id = "a\"b"
        description.modelName = "model\twith\ttabs"
        let text = try PMMLExporter.render(description)
        #expect(!text.contains("<script>"))
        let (root, _) = try #require(XMLNode.parse(text))
        #expect(root.child("DataDictionary")?.children.first?.attributes["name"] == description.features[0].name)
        let model = try #require(root.child("ClusteringModel"))
        #expect(model.attributes["modelName"] == "model\twith\ttabs")
        #expect(model.children("Cluster").map { $0.attributes["name"] } == description.clusters.map(\.name))
        #expect(model.children("Cluster").map { $0.attributes["id"] } == ["0", "a\"b"])
        let table = model.child("Output")?.children("OutputField")[2].child("MapValues")?.child("InlineTable")
        #expect(table?.children("row").first?.child("strategy")?.text == "Call & e-mail <now>")
        // Derived fields refer to the escaped name and still resolve.
        let scored = try MiniScorer(root).score([3, 4])
        #expect(scored.cluster == referenceScore(description, [3, 4]).cluster)
    }

    @Test("rendering is deterministic and numbers round-trip exactly")
    func deterministicNumbers() throws {
        var description = randomDescription(seed: 8, features: 1, components: nil, clusters: 1)
        let tricky: [Double] = [0.1, -0.0, 1e-300, 5e-324, 123456789.123456789, -2.5e16, Double.pi]
        description.features[0].transform = .none
        description.features[0].mean = 0.30000000000000004
        description.features[0].scale = 1e-7
        description.clusters = tricky.enumerated().map { .init(id: "\($0.offset)", name: "s", strategy: "t", centroid: [$0.element]) }
        let first = try PMMLExporter.render(description)
        #expect(try PMMLExporter.render(description) == first)
        let (root, _) = try #require(XMLNode.parse(first))
        let model = try #require(root.child("ClusteringModel"))
        let centroids = model.children("Cluster").compactMap { $0.child("Array").flatMap { Double($0.text) } }
        #expect(centroids.map(\.bitPattern) == tricky.map(\.bitPattern))
        let constants = try #require(model.child("LocalTransformations")?.child("DerivedField")?.child("Apply"))
        #expect(constants.children.compactMap { Double($0.text) } == [1e-7])
        #expect(constants.child("Apply")?.child("Constant").flatMap { Double($0.text) } == 0.30000000000000004)
    }

    @Test("description built from a fitted scaler and PCA carries their numbers")
    func fromFittedPieces() throws {
        let (x, _) = gaussianBlobs(rows: 60, columns: 3, clusters: 2, seed: 9)
        let scaler = StandardScaler().fit(x)
        let pca = try PrincipalComponents(count: .count(2)).fit(scaler.transform(x))
        let description = ScoringDescription(
            modelName: "m", toolVersion: "1", featureNames: ["a", "b", "c"], transforms: [.log1p, .none, .none],
            scaler: scaler, pca: pca,
            clusters: [.init(id: "0", name: "A", strategy: "S", centroid: [0, 0]),
                       .init(id: "1", name: "B", strategy: "S", centroid: [1, 1])])
        #expect(description.features.map(\.mean) == scaler.mean)
        #expect(description.features.map(\.scale) == scaler.scale)
        #expect(description.projection?.components == pca.components.rowArrays)
        #expect(description.clusteringDimension == 2)
        try description.validate()
    }

    @Test("inconsistent descriptions are refused with what is wrong")
    func invalidDescriptions() {
        let valid = randomDescription(seed: 10, features: 2, components: 2, clusters: 2)
        var zeroScale = valid; zeroScale.features[1].scale = 0
        var shortCentroid = valid; shortCentroid.clusters[1].centroid = [1]
        var nanMean = valid; nanMean.features[0].mean = .nan
        var duplicateId = valid; duplicateId.clusters[1].id = "0"
        var duplicateFeature = valid; duplicateFeature.features[1].name = "feature_0"
        var collision = valid; collision.features[1].name = "z(feature_0)"
        var outputCollision = valid; outputCollision.features[1].name = "segment"
        var control = valid; control.clusters[0].strategy = "bell\u{7}"
        var shortLoadings = valid; shortLoadings.projection?.components[0] = [1]
        let cases: [(ScoringDescription, String)] = [
            (zeroScale, "scale for feature feature_1 must be finite and non-zero (0.0)"),
            (shortCentroid, "centroid of cluster 1 has 1 values, expected 2"),
            (nanMean, "non-finite mean for feature feature_0 (nan)"),
            (duplicateId, "duplicate cluster id (0)"),
            (duplicateFeature, "duplicate feature name (feature_0)"),
            (collision, "field name used twice (z(feature_0))"),
            (outputCollision, "field name used twice (segment)"),
            (control, "strategy contains a character XML cannot hold (U+7)"),
            (shortLoadings, "component 1 has 1 loadings, expected 2"),
        ]
        for (description, message) in cases {
            #expect {
                try PMMLExporter.render(description)
            } throws: { error in
                (error as? ExportError)?.description.hasSuffix(message) == true
            }
        }
    }
}
