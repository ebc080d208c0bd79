import ArgumentParser
import Reporting
import Segmentation
import Tabular

/// `ar-segment export-pmml`: a saved model as a PMML 4.4 ClusteringModel.
struct ExportPMMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-pmml",
        abstract: "Write a saved model as PMML 4.4, to score accounts with any PMML scorer.",
        discussion: """
        The PMML ClusteringModel holds the whole scoring path of 'ar-segment assign': the log
        transforms and standardization as derived fields, the PCA projection when the run used
        one, the centroids with squared Euclidean distance, and outputs segment, segment_name,
        strategy (the strategy id, as in assignments.csv) and squared_distance. PMML scorers
        run it on Spark, in databases and in Java or Python services. 'segment --pmml' writes
        the same file as model.pmml.

        Examples:
          ar-segment export-pmml --model out/run/model.json -o model.pmml
          python -m jpmml_evaluator model.pmml -i accounts.csv -o scores.csv
        """
    )

    @Option(help: "A model.json written by 'ar-segment segment'.")
    var model: String

    @Option(name: .shortAndLong, help: "Output PMML file.")
    var output: String

    func run() throws {
        let saved = try SegmentationModel.load(path: model)
        let pmml = try PMMLExporter.render(ScoringDescription(model: saved))
        try AtomicFile.write(pmml, to: output, inputs: [model])
    }
}
