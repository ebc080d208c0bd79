import Foundation
@testable import Receivables
import Tabular
import TestSupport
import Testing

/// Source presets (issue 12, item 5): the built-ins read their layouts, and preset files are
/// checked with file, line and key in every error.
@Suite struct SourcePresetTests {
    @Test func builtInsParseAndAreListed() throws {
        #expect(SourcePreset.builtIn.map(\.name) == ["ibm-ar", "highradius", "sap-fbl5n"])
        let sap = try SourcePreset.named("sap-fbl5n")
        #expect(sap.delimiter == UInt8(ascii: ";") && sap.decimal == .comma)
        #expect(sap.documentTypes?.kinds == ["RV": .invoice, "DR": .invoice, "DG": .creditMemo, "G2": .creditMemo, "DZ": .ignore])
        #expect(sap.dateFormats.standard.pattern == "dd.MM.yyyy")
        let hr = try SourcePreset.named("highradius")
        #expect(hr.dateFormats.format(for: "due_date").pattern == "yyyyMMdd'.0'")
        #expect(hr.dateFormats.format(for: "paid_date").pattern == "yyyy-MM-dd HH:mm:ss")
        #expect(hr.columns.sourceName(for: .documentType) == "document type")
        #expect(hr.categorical == ["business_code", "cust_payment_terms"])
        for preset in SourcePreset.builtIn {
            #expect(try SourcePreset.parse(yaml: preset.yaml, path: "x.yaml") == preset, "\(preset.name) round-trips")
        }
        #expect(errorDescription { _ = try SourcePreset.named("oracle") }?.contains("unknown source 'oracle'") == true)
    }

    @Test func explicitOptionsWinOverThePreset() throws {
        let hr = try SourcePreset.named("highradius")
        let source = hr.source(over: LedgerReadOptions(), explicitColumns: try LedgerColumns(mapping: "invoice_id=doc_id"),
                               explicitTypes: nil, explicitDates: try LedgerDateFormats(spec: "paid_date=yyyy-MM-dd"))
        #expect(source.columns.sourceName(for: .invoiceId) == "doc_id")
        #expect(source.columns.sourceName(for: .accountId) == "cust_number")
        #expect(source.dateFormats.format(for: "paid_date").pattern == "yyyy-MM-dd")
        #expect(source.dateFormats.format(for: "due_date").pattern == "yyyyMMdd'.0'")
        #expect(source.presetName == "highradius")
    }

    @Test(arguments: [
        ("name: x\ncolumns:\n  account_id: A\nrulez: 1\n", "x.yaml:4:rulez: unknown key 'rulez' in the source preset"),
        ("name: x\ncolumns:\n  account: A\n", "x.yaml:3:columns.account: unknown ledger column"),
        ("name: x\ncolumns:\n  account_id: A\ndocument_types:\n  RV: invoyce\n",
         "x.yaml:5:document_types.RV: unknown kind 'invoyce' (allowed: invoice, credit_memo, ignore)"),
        ("name: x\ncolumns:\n  account_id: A\ndate_formats:\n  due_date: yy.MM.dd\n", "x.yaml:5:date_formats.due_date: "),
        ("name: x\ncolumns:\n  account_id: A\ndate_formats:\n  due: yyyy-MM-dd\n", "x.yaml:5:date_formats.due: unknown date column"),
        ("name: x\ncolumns:\n  account_id: A\ndelimiter: ';;'\n", "x.yaml:4:delimiter: must be one character"),
        ("name: x\ncolumns:\n  account_id: A\ndecimal: komma\n", "x.yaml:4:decimal: unknown decimal separator 'komma'"),
        ("name: x\n", "x.yaml:1:columns: missing key 'columns'"),
        ("name: [x\n", "x.yaml:2: invalid YAML"),
    ])
    func presetErrorsNameFileLineAndKey(yaml: String, expected: String) {
        let message = errorDescription { _ = try SourcePreset.parse(yaml: yaml, path: "x.yaml") }
        #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
    }

    /// A SAP FBL5N-style export read with the preset alone: semicolons, decimal commas,
    /// dd.MM.yyyy, RV/DR invoices, DG/G2 credit memos, DZ payments ignored.
    @Test func sapStyleExportReadsWithThePreset() throws {
        let dir = try ScratchDirectory()
        let ledger = try dir.write("fbl5n.csv", """
        Company Code;Account;Document Number;Document Type;Document Date;Net Due Date;Amount in Doc. Curr.;Document Currency;Clearing Date;Terms of Payment
        1000;0000100001;1800000001;RV;01.02.2025;03.03.2025;1.234,56;EUR;10.03.2025;ZB30
        1000;0000100001;1800000002;DR;15.03.2025;14.04.2025;500,00;EUR;;ZB30
        1000;0000100001;1600000001;DG;20.03.2025;20.03.2025;-100,50;EUR;;ZB30
        1000;0000100001;1400000001;DZ;10.03.2025;10.03.2025;1.234,56-;EUR;10.03.2025;ZB30
        2000;0000200002;1800000003;RV;01.01.2025;31.01.2025;2.000,00;EUR;;ZB14

        """)
        let source = try SourcePreset.named("sap-fbl5n").source(over: LedgerReadOptions(), explicitColumns: nil,
                                                                 explicitTypes: nil, explicitDates: nil)
        let result = try FeatureOptions(asOf: CalendarDay(iso: "2025-03-31")!, source: source).features(ledgerPath: ledger)
        let table = result.table
        #expect(table.ids == ["0000100001", "0000200002"])
        func value(_ row: Int, _ name: String) -> Double { table.values[row, table.numericNames.firstIndex(of: name)!] }
        #expect(value(0, "invoice_count") == 2 && abs(value(0, "billed_12m") - 1734.56) < 1e-9)
        #expect(value(0, "avg_days_late") == 7 && value(0, "open_balance") == 500)
        #expect(value(0, "unapplied_credit") == 100.5 && value(0, "net_open_balance") == 399.5)
        #expect(value(1, "aging_31_60") == 2000)
        #expect(table.categorical["Company Code"] == ["1000", "2000"])
        #expect(table.categorical["currency"] == ["EUR", "EUR"])
        #expect(result.read.reportingCurrency == "EUR")
        #expect(result.read.ledger.ignored == 1)
        #expect(!table.numericNames.contains("dispute_rate"))
    }
}
