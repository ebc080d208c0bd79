import Receivables
import Segmentation
import Tabular

/// `report.xlsx`: a segmentation report as an Excel workbook for the collections team.
///
/// Sheets, each with a bold frozen header, an autofilter (Summary excepted) and fitted widths:
/// - Summary: the headline figures, the run's provenance and the notes;
/// - Segments: size, shares, strategy, whether it needs a call, the reasons;
/// - Profiles: `profiles.csv`'s rows (mean and median per segment and feature in the feature's
///   unit, the overall values, the z-score under a blue-white-red colour scale);
/// - Worklist: `worklist.csv`'s rows, ranked, with the parts of the score (from a saved report,
///   the top rows the report holds);
/// - Invoices (a run with a ledger): the report's invoice view, the top open invoices by the
///   plan's priority with the parts of the priority and the next action;
/// - Assignments: `assignments.csv`'s rows, when given.
///
/// The data sheets hold the same values as the CSV files (the same `CellTable`s); formats only
/// change how they show: money as currency with the report's currency code, shares as
/// percentages, days without decimals. Ids and every other text are text cells. The bytes
/// depend on the inputs only (`XLSXWriter` is deterministic).
public enum XLSXRenderer {
    /// The workbook's bytes. `profiles` is `ProfileTable.table(model)`; `worklist` and
    /// `assignments` are the run's tables (`SegmentationRun.dataTables()`), nil when only the
    /// saved report is at hand (the Worklist sheet then shows the report's top rows, and
    /// there is no Assignments sheet).
    public static func render(_ report: SegmentationReport, profiles: CellTable, worklist: CellTable? = nil,
                              assignments: CellTable? = nil) throws -> [UInt8] {
        let cells = CellFormats(report)
        var sheets = [summary(report), segments(report),
                      sheet("Profiles", profiles, cells)]
        if let z = profiles.header.firstIndex(of: "z_score"), !profiles.rows.isEmpty {
            sheets[2].colorScales = [XLSXColorScale(columns: z...z, low: "5A8AC6", middle: "FCFCFF", high: "F8696B")]
        }
        sheets.append(sheet("Worklist", worklist ?? topWorklist(report), cells))
        if let view = report.invoices { sheets.append(invoices(view, currencyCode: cells.currencyCode)) }
        if let assignments { sheets.append(sheet("Assignments", assignments, cells)) }
        return try XLSXWriter.data(sheets)
    }

    /// Headline figures, provenance and notes, one per row.
    static func summary(_ report: SegmentationReport) -> XLSXSheet {
        let headline = report.headline
        let code = headline.currencyCode
        var rows: [[XLSXCell]] = [
            [.text("Report"), .text(report.title)],
            [.text("Input"), report.provenance.inputName.map(XLSXCell.text) ?? .empty],
            [.text("As of"), report.provenance.asOf.flatMap { CalendarDay(iso: $0[...]) }.map(XLSXCell.date)
                ?? report.provenance.asOf.map(XLSXCell.text) ?? .empty],
            [.text("Segments"), .number(Double(headline.segmentCount))],
            [.text("Accounts"), .number(Double(headline.accountCount), .decimals(0))],
            [.text("Open balance"), .currency(headline.openBalance, code: code)],
            [.text("Overdue balance"), .currency(headline.overdueBalance, code: code)],
            [.text("Overdue accounts in no-call segments"), headline.wastedCallShareOfOverdueAccounts.map(XLSXCell.percent) ?? .empty],
            [.text("Overdue balance in no-call segments"), headline.wastedCallShareOfOverdueBalance.map(XLSXCell.percent) ?? .empty],
            [.text("Accounts on the worklist"), .number(Double(report.worklistTotal), .decimals(0))],
            [.text("Tool version"), .text(report.provenance.toolVersion)],
            [.text("Seed"), .text(String(report.provenance.seed))],
        ]
        rows += report.notes.map { [.text("Note"), .text($0)] }
        return XLSXSheet(name: "Summary", header: ["Figure", "Value"], rows: rows, columnWidths: [34, 28],
                         autoFilter: false)
    }

    /// One row per segment: who is in it and what collections does about it.
    static func segments(_ report: SegmentationReport) -> XLSXSheet {
        let header = ["segment", "name", "strategy", "accounts", "share_of_accounts", "share_of_open_balance",
                      "share_of_overdue_balance", "needs_call", "treatment", "reasons"]
        let rows: [[XLSXCell]] = report.segments.map { s in
            [.number(Double(s.id)), .text(s.name), .text(s.strategy), .number(Double(s.accountCount), .decimals(0)),
             .percent(s.shareOfAccounts), .percent(s.shareOfOpenBalance), .percent(s.shareOfOverdueBalance),
             .text(s.needsCall ? "yes" : "no"), .text(s.treatment), .text(s.reasons.joined(separator: " "))]
        }
        return XLSXSheet(name: "Segments", header: header, rows: rows,
                         columnWidths: [9, 14, 22, 10, 12, 12, 12, 10, 50, 60])
    }

    /// The invoice view, ranked: `summary.json`'s `invoices.rows` with the priority's parts.
    static func invoices(_ view: InvoiceView, currencyCode: String) -> XLSXSheet {
        let header = ["rank", "invoice_id", "account_id", "segment", "strategy", "due_date", "open_amount", "days_past_due",
                      "amount_points", "age_points", "risk_points", "priority", "next_date", "next_channel", "next_level"]
        let rows: [[XLSXCell]] = view.rows.enumerated().map { rank, row in
            let item = row.invoice, points = item.priority
            let due: XLSXCell = CalendarDay(iso: item.dueDate[...]).map(XLSXCell.date) ?? .text(item.dueDate)
            let next: XLSXCell = item.nextDate.map { CalendarDay(iso: $0[...]).map(XLSXCell.date) ?? .text($0) } ?? .empty
            return [.number(Double(rank + 1)), .text(item.invoiceId), .text(item.accountId), .number(Double(row.segment)),
                    .text(item.strategy), due, .currency(item.openAmount, code: currencyCode),
                    .number(Double(item.daysPastDue), .decimals(0)), .number(points.amountPoints, .decimals(3)),
                    .number(points.agePoints, .decimals(3)), .number(points.riskPoints, .decimals(3)),
                    .number(points.priority, .decimals(3)), next, item.nextChannel.map(XLSXCell.text) ?? .empty,
                    item.nextLevel.map(XLSXCell.text) ?? .empty]
        }
        return XLSXSheet(name: "Invoices", header: header, rows: rows)
    }

    /// The report's top worklist rows with `worklist.csv`'s columns (strategy by name).
    static func topWorklist(_ report: SegmentationReport) -> CellTable {
        let parts = report.worklist.first?.scoreParts.map(\.name) ?? []
        let header = ["rank", "account_id", "segment", "strategy", "needs_call", "overdue_balance", "max_days_past_due"]
            + parts + ["priority"]
        return CellTable(header: header, rows: report.worklist.enumerated().map { rank, row in
            [.integer(rank + 1), .text(row.accountId), .integer(row.segment), .text(row.strategy),
             .text(row.needsCall ? "yes" : "no"), .number(row.overdueAmount), .number(row.maxDaysPastDue)]
                + row.scoreParts.map { .number($0.value) } + [.number(row.priority)]
        })
    }

    /// `table` as a sheet, each cell formatted by its column (and, in profiles, its feature).
    static func sheet(_ name: String, _ table: CellTable, _ formats: CellFormats) -> XLSXSheet {
        let featureColumn = table.header.firstIndex(of: "feature")
        let rows = table.rows.map { row in
            let feature: String? = featureColumn.flatMap { if case let .text(f) = row[$0] { return f } else { return nil } }
            return zip(table.header, row).map { formats.cell($1, column: $0, feature: feature) }
        }
        return XLSXSheet(name: name, header: table.header, rows: rows)
    }
}

/// How a data cell shows, by column name.
struct CellFormats {
    let currencyCode: String
    let units: [String: FeatureUnit]

    init(_ report: SegmentationReport) {
        currencyCode = report.headline.currencyCode
        units = Dictionary(report.features.map { ($0.name, $0.unit) }, uniquingKeysWith: { first, _ in first })
    }

    func cell(_ value: CSVCell, column: String, feature: String?) -> XLSXCell {
        switch value {
        case .text(let text): return .text(text)
        case .empty: return .empty
        case .integer(let n): return .number(Double(n))
        case .number(let x): return number(x, column: column, feature: feature)
        }
    }

    private func number(_ x: Double, column: String, feature: String?) -> XLSXCell {
        switch column {
        case "overdue_balance": return .currency(x, code: currencyCode)
        case "share_of_accounts": return .percent(x)
        case "max_days_past_due": return .number(x, .decimals(0))
        case "distance", "z_score": return .number(x, .decimals(3))
        case "mean", "median", "overall_mean", "overall_median":
            switch feature.flatMap({ units[$0] }) {
            case .currency: return .currency(x, code: currencyCode)
            case .fraction: return .percent(x)
            case .days, .percent, .count: return .number(x, .decimals(1))
            case .number, nil: return .number(x, .decimals(2))
            }
        default: return .number(x, .decimals(2))
        }
    }
}
