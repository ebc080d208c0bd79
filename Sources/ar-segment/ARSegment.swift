import ArgumentParser
import NumericCore

/// The `ar-segment` root command: a thin shell over the library modules.
/// Subcommands parse and validate arguments, call the libraries, and map errors
/// to exit codes; they hold no numerics. The groups are the README's.
@main
struct ARSegment: ParsableCommand {
    static let toolVersion = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ar-segment",
        abstract: "Discover customer segments in accounts-receivable data and turn them into collection strategies.",
        version: "ar-segment \(toolVersion) (OpenBLAS core: \(BLASInfo.coreName); override with OPENBLAS_CORETYPE)",
        groupedSubcommands: [
            CommandGroup(name: "Numeric", subcommands: [
                KMeansCommand.self, PCACommand.self, MetricsCommand.self, DoctorCommand.self,
            ]),
            CommandGroup(name: "Collections", subcommands: [GenerateCommand.self, FeaturesCommand.self, SourcesCommand.self]),
            CommandGroup(name: "Reporting", subcommands: [
                DiscoverCommand.self, SegmentCommand.self, BacktestCommand.self, AssignCommand.self,
                ValidateCommand.self, ReportCommand.self, PlanCommand.self, ExportPMMLCommand.self,
                ExportSQLCommand.self, ExportSparkCommand.self,
            ]),
        ]
    )
}
