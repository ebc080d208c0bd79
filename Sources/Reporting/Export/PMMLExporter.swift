import Segmentation
/// Writes a segmentation as a PMML 4.4 `ClusteringModel` (DMG schema) that any PMML scorer
/// (JPMML-Evaluator, PyPMML, their Spark and database integrations) evaluates exactly
/// like `ar-segment assign`.
///
/// The document holds the whole scoring path of `ScoringDescription`:
/// - `DataDictionary`: one continuous double `DataField` per raw feature, in model order;
/// - `LocalTransformations`: `log1p(NAME) = if NAME < 0 then 0 - ln(1 - NAME) else ln(1 + NAME)`
///   for log-transformed features (sign-preserving, as ar-segment),
///   `z(NAME) = (value - mean) / scale`, and with PCA `pcJ = sum_i (z_i - mean_i) * loading_Ji`;
/// - `ComparisonMeasure kind="distance"` with `squaredEuclidean`, one `ClusteringField` per
///   clustering coordinate, and one `Cluster` per segment (`id`, `name`, `size`, centroid `Array`);
/// - `Output`: `segment` (the cluster id), `segment_name`, `strategy` (mapped from the id)
///   and `squared_distance` to the winning centroid.
///
/// The text is deterministic (no timestamp) and every number is printed with the shortest
/// decimal form that reads back as the same `Double`.
public enum PMMLExporter {
    /// The PMML file's name in a run's output directory.
    public static let fileName = "model.pmml"

    /// Names of the output fields, as scorers report them.
    public static let segmentField = "segment"
    public static let segmentNameField = "segment_name"
    public static let strategyField = "strategy"
    public static let squaredDistanceField = "squared_distance"

    /// Renders `description` as a PMML 4.4 document (UTF-8 XML text ending in a newline).
    ///
    /// Throws `ExportError` when the description fails `validate()`, when a name holds a
    /// character XML cannot carry, or when a generated field name equals a feature name.
    public static func render(_ description: ScoringDescription) throws -> String {
        try description.validate()
        let names = try FieldNames(description)
        var xml = XMLLines()
        xml.add(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        xml.open(#"<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">"#)
        try header(description, into: &xml)
        try dataDictionary(description, into: &xml)
        try xml.open(#"<ClusteringModel modelName="\#(esc(description.modelName, "model name"))" functionName="clustering" algorithmName="k-means" modelClass="centerBased" numberOfClusters="\#(description.clusters.count)">"#)
        try miningSchema(description, into: &xml)
        try output(description, into: &xml)
        try localTransformations(description, names: names, into: &xml)
        xml.open(#"<ComparisonMeasure kind="distance">"#)
        xml.add("<squaredEuclidean/>")
        xml.close("</ComparisonMeasure>")
        for field in names.clustering {
            try xml.add(#"<ClusteringField field="\#(esc(field, "field name"))" compareFunction="absDiff"/>"#)
        }
        for cluster in description.clusters {
            let size = cluster.size.map { #" size="\#($0)""# } ?? ""
            try xml.open(#"<Cluster id="\#(esc(cluster.id, "cluster id"))" name="\#(esc(cluster.name, "cluster name"))"\#(size)>"#)
            xml.add(#"<Array n="\#(cluster.centroid.count)" type="real">\#(numbers(cluster.centroid))</Array>"#)
            xml.close("</Cluster>")
        }
        xml.close("</ClusteringModel>")
        xml.close("</PMML>")
        return xml.text
    }

    private static func header(_ d: ScoringDescription, into xml: inout XMLLines) throws {
        let description = "ar-segment customer segmentation: \(d.clusters.count) segments on \(d.features.count) features"
        try xml.open(#"<Header description="\#(esc(description, "description"))">"#)
        try xml.add(#"<Application name="ar-segment" version="\#(esc(d.toolVersion, "tool version"))"/>"#)
        xml.close("</Header>")
    }

    private static func dataDictionary(_ d: ScoringDescription, into xml: inout XMLLines) throws {
        xml.open(#"<DataDictionary numberOfFields="\#(d.features.count)">"#)
        for feature in d.features {
            try xml.add(#"<DataField name="\#(esc(feature.name, "feature name"))" optype="continuous" dataType="double"/>"#)
        }
        xml.close("</DataDictionary>")
    }

    private static func miningSchema(_ d: ScoringDescription, into xml: inout XMLLines) throws {
        xml.open("<MiningSchema>")
        for feature in d.features {
            try xml.add(#"<MiningField name="\#(esc(feature.name, "feature name"))" usageType="active" invalidValueTreatment="returnInvalid"/>"#)
        }
        xml.close("</MiningSchema>")
    }

    private static func output(_ d: ScoringDescription, into xml: inout XMLLines) throws {
        xml.open("<Output>")
        xml.add(#"<OutputField name="\#(segmentField)" optype="categorical" dataType="string" feature="predictedValue"/>"#)
        xml.add(#"<OutputField name="\#(segmentNameField)" optype="categorical" dataType="string" feature="predictedDisplayValue"/>"#)
        // The strategy is looked up from the winning cluster id, so two segments may share one.
        xml.open(#"<OutputField name="\#(strategyField)" optype="categorical" dataType="string" feature="transformedValue">"#)
        xml.open(#"<MapValues outputColumn="strategy" dataType="string">"#)
        xml.add(#"<FieldColumnPair field="\#(segmentField)" column="segment"/>"#)
        xml.open("<InlineTable>")
        for cluster in d.clusters {
            try xml.add("<row><segment>\(esc(cluster.id, "cluster id"))</segment><strategy>\(esc(cluster.strategy, "strategy"))</strategy></row>")
        }
        xml.close("</InlineTable>")
        xml.close("</MapValues>")
        xml.close("</OutputField>")
        xml.add(#"<OutputField name="\#(squaredDistanceField)" optype="continuous" dataType="double" feature="entityAffinity"/>"#)
        xml.close("</Output>")
    }

    private static func localTransformations(_ d: ScoringDescription, names: FieldNames,
                                             into xml: inout XMLLines) throws {
        xml.open("<LocalTransformations>")
        for (i, feature) in d.features.enumerated() {
            var source = feature.name
            if feature.transform == .log1p, let logName = names.log[i] {
                try derived(logName, into: &xml) { xml in
                    try signedLog1p(feature.name, into: &xml)
                }
                source = logName
            }
            try derived(names.standardized[i], into: &xml) { xml in
                xml.open(#"<Apply function="/">"#)
                try difference(field: source, minus: feature.mean, into: &xml)
                xml.add(constant(feature.scale))
                xml.close("</Apply>")
            }
        }
        if let projection = d.projection {
            for (j, component) in projection.components.enumerated() {
                try derived(names.clustering[j], into: &xml) { xml in
                    xml.open(#"<Apply function="sum">"#)
                    for (i, loading) in component.enumerated() {
                        xml.open(#"<Apply function="*">"#)
                        try difference(field: names.standardized[i], minus: projection.mean[i], into: &xml)
                        xml.add(constant(loading))
                        xml.close("</Apply>")
                    }
                    xml.close("</Apply>")
                }
            }
        }
        xml.close("</LocalTransformations>")
    }

    private static func derived(_ name: String, into xml: inout XMLLines,
                                body: (inout XMLLines) throws -> Void) throws {
        try xml.open(#"<DerivedField name="\#(esc(name, "field name"))" optype="continuous" dataType="double">"#)
        try body(&xml)
        xml.close("</DerivedField>")
    }

    /// `sign(x) * ln(1 + |x|)` as `if x < 0 then 0 - ln(1 - x) else ln(1 + x)`: PMML has no
    /// `log1p` or `sign`, and each branch is one rounding away from ar-segment's `log1p`.
    private static func signedLog1p(_ field: String, into xml: inout XMLLines) throws {
        let ref = #"<FieldRef field="\#(try esc(field, "feature name"))"/>"#
        xml.open(#"<Apply function="if">"#)
        xml.open(#"<Apply function="lessThan">"#)
        xml.add(ref)
        xml.add(constant(0))
        xml.close("</Apply>")
        xml.open(#"<Apply function="-">"#)
        xml.add(constant(0))
        xml.open(#"<Apply function="ln">"#)
        xml.open(#"<Apply function="-">"#)
        xml.add(constant(1))
        xml.add(ref)
        xml.close("</Apply>")
        xml.close("</Apply>")
        xml.close("</Apply>")
        xml.open(#"<Apply function="ln">"#)
        xml.open(#"<Apply function="+">"#)
        xml.add(constant(1))
        xml.add(ref)
        xml.close("</Apply>")
        xml.close("</Apply>")
        xml.close("</Apply>")
    }

    /// `field - value`, kept as a subtraction (not folded into other constants) so the scorer
    /// rounds exactly as ar-segment does.
    private static func difference(field: String, minus value: Double, into xml: inout XMLLines) throws {
        xml.open(#"<Apply function="-">"#)
        try xml.add(#"<FieldRef field="\#(esc(field, "field name"))"/>"#)
        xml.add(constant(value))
        xml.close("</Apply>")
    }

    private static func constant(_ value: Double) -> String {
        #"<Constant dataType="double">\#(ExportText.number(value))</Constant>"#
    }

    private static func numbers(_ values: [Double]) -> String {
        values.map(ExportText.number).joined(separator: " ")
    }

    private static func esc(_ text: String, _ what: String) throws -> String {
        try MarkupEscaper.xml(text, what: what)
    }
}

/// The names of the fields the PMML document defines, checked to be distinct.
private struct FieldNames {
    /// `log1p(NAME)` per feature, `nil` when the feature is not log-transformed.
    var log: [String?]
    /// `z(NAME)` per feature.
    var standardized: [String]
    /// The coordinates the clusters live in: `pc1...` with PCA, the `z(...)` fields otherwise.
    var clustering: [String]

    init(_ d: ScoringDescription) throws {
        log = d.features.map { $0.transform == .log1p ? "log1p(\($0.name))" : nil }
        standardized = d.features.map { "z(\($0.name))" }
        clustering = d.projection.map { p in p.components.indices.map { "pc\($0 + 1)" } } ?? standardized
        var seen = Set<String>()
        let outputs = [PMMLExporter.segmentField, PMMLExporter.segmentNameField,
                       PMMLExporter.strategyField, PMMLExporter.squaredDistanceField]
        let all = d.features.map(\.name) + log.compactMap { $0 } + standardized
            + (d.projection == nil ? [] : clustering) + outputs
        for name in all where !seen.insert(name).inserted {
            throw ExportError.nameCollision(name)
        }
    }
}

/// Indented XML text, one element per line.
private struct XMLLines {
    private var lines: [String] = []
    private var depth = 0

    mutating func add(_ line: String) {
        lines.append(String(repeating: "  ", count: depth) + line)
    }

    mutating func open(_ line: String) {
        add(line)
        depth += 1
    }

    mutating func close(_ line: String) {
        depth -= 1
        add(line)
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}
