import ArgumentParser
import Foundation
import Receivables
import Tabular

/// `--sheet`: which worksheet of an .xlsx input to read.
struct SheetOption: ParsableArguments {
    @Option(help: ArgumentHelp("With an .xlsx input: the worksheet to read (default: the first sheet).", valueName: "NAME"))
    var sheet: String?

    /// Refuses `--sheet` when `path`, the input it applies to, is not a workbook.
    func check(_ path: String?) throws {
        if sheet != nil, let path, !TableInputs.isWorkbook(path) {
            throw ValidationError("--sheet goes with an .xlsx input (got \(path))")
        }
    }
}

/// The tabular inputs of one command, opened for the CSV readers: the one place where an input
/// may be a CSV file or an Excel workbook, chosen by extension (`.xlsx`, any case).
///
/// `open(_:sheet:textColumns:)` returns the path a CSV reader reads: a CSV input itself, or a
/// temporary CSV of the workbook's sheet (`XLSXSheetCSV`: ids in `textColumns` must be text or
/// whole numbers, dates become `YYYY-MM-DD`). `reading` runs the readers and relocates their
/// errors from the temporary file to the sheet's cell (`ledger.xlsx:Sheet1!D14: ...`).
/// The temporary files live as long as this value. The never-overwrite check takes the paths
/// as the user named them, so a workbook is an input like a CSV file.
final class TableInputs {
    private var sheets: [XLSXSheetCSV] = []

    /// `true` for a path read as an Excel workbook.
    static func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

    /// The CSV path to read for `path`; `sheet` nil reads a workbook's first sheet.
    func open(_ path: String, sheet: String? = nil, textColumns: Set<String>) throws -> String {
        guard Self.isWorkbook(path) else { return path }
        let converted = try XLSXSheetCSV(xlsx: path, sheet: sheet, textColumns: textColumns)
        sheets.append(converted)
        return converted.path
    }

    /// `open` for an optional path.
    func open(_ path: String?, sheet: String? = nil, textColumns: Set<String>) throws -> String? {
        try path.map { try open($0, sheet: sheet, textColumns: textColumns) }
    }

    /// Runs `body`; an error on one of the temporary files comes out at its sheet cell.
    func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw locate(error)
        }
    }

    /// `error` located in the sheet whose temporary file it names; other errors unchanged.
    func locate(_ error: Error) -> Error {
        guard let input = error as? InputError else { return error }
        for sheet in sheets where input.file == sheet.path { return sheet.locate(error) }
        return error
    }

    /// `text` (a note) with every temporary file named as the workbook it came from.
    func naming(_ text: String) -> String {
        sheets.reduce(text) { $0.replacingOccurrences(of: $1.path, with: $1.source) }
    }

    /// The accounts file at `path` (CSV or a workbook's `sheet`), ids in `idColumn`.
    static func accounts(_ path: String, sheet: String?, idColumn: String) throws -> AccountTable {
        let tables = TableInputs()
        let csv = try tables.open(path, sheet: sheet, textColumns: [idColumn])
        return try tables.reading { try AccountTable.read(path: csv, idColumn: idColumn) }
    }

    /// The ledger's features as `options` describe them, every file of `options` (and the
    /// ledger, read from `sheet`) opened here; notes name the files as the user did.
    func features(ledger: String, sheet: String?, options: FeatureOptions) throws -> (table: AccountTable, notes: [String]) {
        var opened = options
        let ids: Set<String> = [options.columns.sourceName(for: .accountId), options.columns.sourceName(for: .invoiceId)]
        let ledgerPath = try open(ledger, sheet: sheet, textColumns: ids)
        opened.accountsPath = try open(options.accountsPath, textColumns: ["account_id"])
        opened.promisesPath = try open(options.promisesPath, textColumns: ["account_id", "invoice_id"])
        let result = try reading { try opened.features(ledgerPath: ledgerPath) }
        return (result.table, result.notes.map(naming))
    }
}
