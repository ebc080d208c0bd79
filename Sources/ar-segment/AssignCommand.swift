import ArgumentParser
import Foundation
import Reporting
import Segmentation
import Receivables
import Tabular

/// `ar-segment assign`: puts accounts into the segments of a saved model.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign accounts to the segments of a saved model (same transforms, scaler, PCA and centroids).",
        discussion: """
        Writes one row per account: account_id, segment, strategy, distance (to the segment's centroid, in standardized units) and priority (the worklist score; empty when nothing is overdue). Assigning the training accounts reproduces segment's assignments.csv byte for byte. A model file that is truncated, edited, of another version, or whose features the accounts lack is refused with what differs.

        Example:
          ar-segment assign --model out/run/model.json new-accounts.csv -o new-assignments.csv
        """
    )

    @Option(help: "A model.json written by 'ar-segment segment'.")
    var model: String

    @Argument(help: "Accounts CSV with the model's feature columns.")
    var accountsFile: String

    @Option(name: .customLong("id"), help: "Name of the account id column.")
    var idColumn: String = "account_id"

    @OptionGroup var sheetOption: SheetOption

    @Option(name: .shortAndLong, help: "Output CSV.")
    var output: String

    @OptionGroup var messages: MessageOptions

    func validate() throws { try sheetOption.check(accountsFile) }

    func run() throws {
        messages.startLogging()
        let saved = try SegmentationModel.load(path: model)
        let table = try TableInputs.accounts(accountsFile, sheet: sheetOption.sheet, idColumn: idColumn)
        let assignment = try saved.assign(table, modelPath: model, accountsPath: accountsFile)
        let text = AssignmentTable.csv(ids: table.ids, assignment: assignment, model: saved,
                                       worklist: saved.worklist(table, segments: assignment.segments))
        try AtomicFile.write(text, to: output, inputs: [model, accountsFile])
    }
}
