import ArgumentParser
import Receivables

/// `ar-segment sources`: the built-in source presets and what each maps.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the built-in ledger source presets (--source) with their column maps, or print one as YAML.",
        discussion: """
        A preset bundles a column map, document types, date formats, delimiter, decimal separator and extra
        categorical columns. Give --source NAME (or --source FILE.yaml, same format as 'sources NAME' prints)
        to features or segment.

        Examples:
          ar-segment sources
          ar-segment sources sap-fbl5n > my-erp.yaml
        """
    )

    @Argument(help: "A preset name (or FILE.yaml) to print as YAML.")
    var name: String?

    func run() throws {
        if let name {
            print(try SourcePreset.named(name).yaml, terminator: "")
            return
        }
        print(SourcePreset.builtIn.map(\.summary).joined(separator: "\n\n"))
    }
}
