import ArgumentParser
import Reporting
import Segmentation
import Tabular

/// `ar-segment export-spark`: a saved model as a PySpark scoring (and refitting) job.
struct ExportSparkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-spark",
        abstract: "Write a saved model as a PySpark job that scores accounts (and can refit the centroids) on a Spark cluster.",
        discussion: """
        The job needs PySpark only (numpy too for --refit), not ar-segment. It reads an accounts
        table (CSV or Parquet path, or a table name), applies the model's transforms, scaler and
        PCA with Spark SQL functions, puts each account in its nearest centroid's segment and
        writes CSV part files with account_id,segment,strategy,distance: the segments and
        strategies of 'ar-segment assign', distances within 1e-12. With --refit it runs
        pyspark.mllib KMeans from the model's centroids and writes a model file that 'assign'
        and 'report' read. 'python job.py --help' lists its options.

        Examples:
          ar-segment export-spark --model out/run/model.json -o job.py
          python job.py --accounts features.csv --output scored --master 'local[2]'
          spark-submit job.py --accounts warehouse.accounts_features --output s3://bucket/scored
          python job.py --accounts features.csv --output scored --refit --model-out refit/model.json
        """
    )

    @Option(help: "A model.json written by 'ar-segment segment'.")
    var model: String

    @Option(name: .shortAndLong, help: "Output Python file.")
    var output: String

    func run() throws {
        let saved = try SegmentationModel.load(path: model)
        let job = try SparkJobExporter.render(ScoringDescription(model: saved), modelJSON: saved.encodedJSON(),
                                              weighted: saved.kmeans.weightColumn != nil,
                                              command: "ar-segment export-spark --model \(model) -o \(output)")
        try AtomicFile.write(job, to: output, inputs: [model])
    }
}
