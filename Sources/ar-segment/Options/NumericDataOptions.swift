import ArgumentParser

/// Options shared by the numeric validation commands (`kmeans`, `pca`, `metrics`).
struct NumericDataOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Numeric CSV (or .xlsx workbook): a header row, then one row per sample.",
        discussion: "Every column is a feature except the --id column (and the --weights column of kmeans). Cells must be plain decimals such as -12.5 or 1e-3; empty cells, NA, nan, inf, 1,234 or $12 are errors naming the cell.",
        valueName: "DATA.csv"))
    var data: String

    @Option(help: ArgumentHelp("Column of row identifiers, kept as text and not used as a feature.", valueName: "COLUMN"))
    var id: String?

    @Flag(help: "Z-score every feature first (mean 0, standard deviation 1 with ddof=0, as scikit-learn's StandardScaler). A zero-variance feature gets scale 1 and a warning.")
    var standardize = false

    @OptionGroup var sheetOption: SheetOption

    func validate() throws { try sheetOption.check(data) }

    @Option(help: ArgumentHelp("Where to write the JSON result (written atomically; never over an input file).", valueName: "OUT.json"))
    var json: String
}
