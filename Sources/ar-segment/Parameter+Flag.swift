import Receivables
import Reporting
import Segmentation
import Tabular

/// The one place where library parameters meet their command-line spelling: library messages
/// name parameters (`Tabular.Parameter`), and ar-segment prints each as the flag that sets it.
extension Parameter {
    /// The flag that sets this parameter (`--pca-components`); the library's name when no flag does.
    var flag: String { Self.flags[self] ?? rawValue }

    private static let flags: [Parameter: String] = [
        .columns: "--columns",
        .dateFormat: "--date-format",
        .segmentCount: "--k",
        .features: "--features",
        .pcaComponents: "--pca-components",
        .weightColumn: "--weight-by",
        .clusterCounts: "--k-range",
        .bootstrapReplicates: "--bootstrap",
        .origins: "--origins",
        .model: "--model",
        .assignments: "--assignments",
        .templateDirectory: "--templates",
        .documentTypes: "--document-types",
        .paymentColumns: "--payment-columns",
        .source: "--source",
        .reportingCurrency: "--reporting-currency",
        .rates: "--rates",
        .maxRejectShare: "--max-reject-share",
    ]
}
