import Foundation
import Testing
import Tabular
import TestSupport
@testable import Receivables

private let asOf = CalendarDay(year: 2025, month: 6, day: 30)!

/// The files of one generated ERP-shaped ledger, as text.
private struct Generated {
    var ledger: String, truth: String, payments: String?, rates: String?

    /// The ledger's data rows split at the layout's delimiter (no generated cell is quoted).
    func rows(_ layout: ERPLayout) -> [[String]] {
        ledger.split(separator: "\n").dropFirst().map {
            $0.split(separator: Character(Unicode.Scalar(layout.delimiter)), omittingEmptySubsequences: false).map(String.init)
        }
    }

    var headerLine: String { String(ledger.prefix { $0 != "\n" }) }
}

private func generate(_ shape: ERPShape, customers: Int = 60, seed: UInt64 = 5, blockDays: Int? = nil) throws -> Generated {
    let scratch = try ScratchDirectory(prefix: "erp-generator")
    let names = ["ledger", "truth"] + (shape.partialPayments ? ["payments"] : []) + (shape.currencies.isEmpty ? [] : ["rates"])
    let paths = names.map { scratch.path("\($0).csv") }
    try AtomicFile.write(streaming: paths) { sinks in
        try LedgerGenerator(customers: customers, seed: seed, asOf: asOf)
            .write(shape, ledger: sinks[0], truth: sinks[1], accounts: nil,
                   payments: shape.partialPayments ? sinks[2] : nil,
                   rates: shape.currencies.isEmpty ? nil : sinks[names.count - 1], blockDays: blockDays)
    }
    func read(_ name: String) -> String? {
        names.firstIndex(of: name).map { try! String(contentsOfFile: paths[$0], encoding: .utf8) }
    }
    return Generated(ledger: read("ledger")!, truth: read("truth")!, payments: read("payments"), rates: read("rates"))
}

private func matches(_ text: String, _ pattern: String) -> Bool {
    text.range(of: "^(\(pattern))$", options: .regularExpression) != nil
}

private let everything = ERPShape(partialPayments: true, creditMemos: true, currencies: ["USD", "CAD"], duplicateShare: 0.05)

@Suite struct ERPGeneratorTests {
    /// Without any shape the ERP writer is the plain writer: the bytes of `generate()`.
    @Test func plainShapeWritesThePlainLedger() throws {
        let generator = LedgerGenerator(customers: 40, seed: 3, asOf: asOf)
        let files = try generate(ERPShape(), customers: 40, seed: 3)
        #expect(files.ledger == generator.generate().ledgerCSV)
        #expect(files.truth == generator.generate().truthCSV)
    }

    @Test(arguments: ERPLayout.allCases)
    func sameSeedSameBytesOtherSeedOtherBytes(layout: ERPLayout) throws {
        var shape = everything
        shape.layout = layout
        shape.creditMemos = layout != .highradius
        let a = try generate(shape), b = try generate(shape, blockDays: 3), c = try generate(shape, seed: 6)
        #expect(a.ledger == b.ledger && a.truth == b.truth && a.payments == b.payments && a.rates == b.rates)
        #expect(a.ledger != c.ledger)
    }

    /// The HighRadius quirks the issue lists, on every row.
    @Test func highRadiusLayout() throws {
        let files = try generate(ERPShape(layout: .highradius, currencies: ["USD", "CAD"], duplicateShare: 0.02),
                                 customers: 200)
        #expect(files.headerLine == "business_code,cust_number,name_customer,clear_date,buisness_year,doc_id,posting_date,"
                + "document_create_date,document_create_date,due_in_date,invoice_currency,document type,posting_id,"
                + "area_business,total_open_amount,baseline_create_date,cust_payment_terms,invoice_id,isOpen")
        let rows = files.rows(.highradius)
        for row in rows {
            #expect(row.count == 19)
            #expect(matches(row[1], #"02[0-9]{8}|CCU[0-9]{3,}"#), "cust_number \(row[1])")
            #expect(matches(row[3], #"[0-9]{4}-[0-9]{2}-[0-9]{2} 00:00:00"#) == (row[18] == "0"), "clear_date \(row[3])")
            #expect(row[3].isEmpty == (row[18] == "1"))
            #expect(matches(row[4], #"20[0-9]{2}\.0"#) && row[4].prefix(4) == row[6].prefix(4))
            #expect(matches(row[5], #"19[0-9]{8}\.0"#) && row[5] == row[17])
            #expect(matches(row[6], #"[0-9]{4}-[0-9]{2}-[0-9]{2}"#))
            #expect(matches(row[7], "[0-9]{8}") && row[8] == row[6].replacingOccurrences(of: "-", with: "") && row[7] <= row[8])
            #expect(matches(row[9], #"[0-9]{8}\.0"#) && row[15] == row[8] + ".0")
            #expect(["USD", "CAD"].contains(row[10]) && ["RV", "X2"].contains(row[11]))
            #expect(row[12] == "1.0" && row[13].isEmpty)
            #expect(matches(row[14], #"[0-9]+\.[0-9]{1,2}"#), "total_open_amount \(row[14])")
            #expect(row[0] == (row[10] == "CAD" ? "CA02" : row[0]) && matches(row[0], "U00[1-9]|U013|CA02"))
        }
        #expect(rows.contains { $0[1].hasPrefix("CCU") } && rows.contains { $0[11] == "X2" } && rows.contains { $0[10] == "CAD" })
        #expect(rows.contains { $0[14].hasSuffix(".0") }, "whole amounts are written as floats")
        #expect(files.truth.contains("\n0200000001,"))
    }

    /// The FBL5N quirks: `;`, decimal comma, dd.MM.yyyy, RV/DR, DG/G2 (negative), DZ payment rows (negative).
    @Test func sapLayout() throws {
        let files = try generate(ERPShape(layout: .sapFBL5N, partialPayments: true, creditMemos: true,
                                          currencies: ["EUR", "USD"]), customers: 100)
        #expect(files.headerLine == "Company Code;Account;Document Number;Document Type;Document Date;Posting Date;"
                + "Net Due Date;Amount in Doc. Curr.;Document Currency;Clearing Date;Clearing Document;Terms of Payment")
        let rows = files.rows(.sapFBL5N)
        let date = #"[0-3][0-9]\.[01][0-9]\.20[0-9]{2}"#
        for row in rows {
            #expect(row.count == 12)
            #expect(matches(row[0], "[1-9]000") && matches(row[1], "1[0-9]{6}"))
            #expect(matches(row[4], date) && matches(row[6], date) && (row[9].isEmpty || matches(row[9], date)))
            #expect(matches(row[7], #"-?[0-9]{1,3}(\.[0-9]{3})*,[0-9]{2}"#), "amount \(row[7])")
            switch row[3] {
            case "RV", "DR": #expect(matches(row[2], "90[0-9]{8}") && !row[7].hasPrefix("-") && !row[11].isEmpty)
            case "DG", "G2": #expect(matches(row[2], "91[0-9]{8}") && row[7].hasPrefix("-"))
            case "DZ": #expect(matches(row[2], "14[0-9]{8}") && row[7].hasPrefix("-") && row[11].isEmpty)
            default: Issue.record("document type \(row[3])")
            }
        }
        for type in ["RV", "DR", "DG", "G2", "DZ"] { #expect(rows.contains { $0[3] == type }, "\(type)") }
        #expect(rows.contains { $0[7].contains(".") }, "thousands separators")
        #expect(files.payments.map { matches(String($0.split(separator: "\n")[1]), #"90[0-9]{8};\#(date);[0-9.]+,[0-9]{2}"#) } == true)
    }

    @Test func canonicalLayout() throws {
        let files = try generate(everything)
        #expect(files.headerLine
                == "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method,document_type,currency")
        let rows = files.rows(.canonical)
        for row in rows {
            #expect(row.count == 10)
            if row[8] == "CM" {
                #expect(matches(row[1], "CM[0-9]{7}") && row[4].hasPrefix("-") && row[2] == row[3] && row[6] == "no")
            } else {
                #expect(row[8] == "INV" && matches(row[1], "INV[0-9]{7}") && !row[4].hasPrefix("-"))
            }
        }
        #expect(rows.contains { $0[8] == "CM" } && rows.contains { $0[9] == "CAD" })
        #expect(files.rates?.hasPrefix("currency,rate,valid_from\nUSD,1,2024-01-01\nCAD,0.73,2024-01-01\n") == true)
    }

    /// Golden: the first rows of a four-customer ledger in each layout (any change to the draws
    /// or the formats shows here).
    @Test func firstRowsOfATinyLedger() throws {
        let usdCad = ["USD", "CAD"]
        let canonical = try generate(ERPShape(partialPayments: true, creditMemos: true, currencies: usdCad), customers: 4)
        #expect(canonical.ledger.split(separator: "\n")[1] == "C00001,INV0000001,2024-04-03,2024-06-02,117860.72,2024-05-26,no,ACH,INV,USD")
        #expect(canonical.payments?.hasPrefix("invoice_id,payment_date,amount\nINV0000001,2024-05-26,117860.72\n") == true)
        let hr = try generate(ERPShape(layout: .highradius, partialPayments: true, currencies: usdCad), customers: 4)
        #expect(hr.ledger.split(separator: "\n")[1] == "U001,0200000001,GRAND M llc,2024-05-26 00:00:00,2024.0,1929000000.0,"
                + "2024-04-03,20240401,20240403,20240602.0,USD,RV,1.0,,117860.72,20240403.0,NAC6,1929000000.0,0")
        #expect(hr.payments?.hasPrefix("invoice_id,payment_date,amount\n1929000000.0,2024-05-26,117860.72\n") == true)
        #expect(hr.truth.hasPrefix("account_id,persona\n0200000001,strategic\n"))
        let sap = try generate(ERPShape(layout: .sapFBL5N, partialPayments: true, creditMemos: true, currencies: usdCad),
                               customers: 4)
        #expect(sap.ledger.split(separator: "\n")[1...2].map(String.init) == [
            "1000;1000001;9000000001;RV;03.04.2024;03.04.2024;02.06.2024;117.860,72;USD;26.05.2024;1400000001;NT60",
            "1000;1000001;1400000001;DZ;26.05.2024;26.05.2024;26.05.2024;-117.860,72;USD;26.05.2024;1400000001;",
        ])
        #expect(sap.payments?.hasPrefix("invoice_id;payment_date;amount\n9000000001;26.05.2024;117.860,72\n") == true)
        #expect(sap.rates?.hasPrefix("currency,rate,valid_from\nUSD,1,2024-01-01\nCAD,0.73,2024-01-01\nCAD,0.72745,2024-02-01\n") == true)
    }

    /// Removing the copies gives the ledger generated without duplicates, byte for byte; rows
    /// written = rows without duplicates + exact copies.
    @Test(arguments: ERPLayout.allCases)
    func duplicatesAreExactCopiesAndNothingElseChanges(layout: ERPLayout) throws {
        var shape = everything
        shape.layout = layout
        shape.creditMemos = layout != .highradius
        let with = try generate(shape, customers: 80)
        shape.duplicateShare = 0
        let without = try generate(shape, customers: 80)
        let lines = with.ledger.split(separator: "\n", omittingEmptySubsequences: false)
        var seen = Set<Substring>(), kept: [Substring] = [], copies = 0
        for line in lines {
            if seen.insert(line).inserted || line.isEmpty { kept.append(line) } else { copies += 1 }
        }
        #expect(copies > 0)
        #expect(kept.joined(separator: "\n") == without.ledger)
        #expect(lines.count == without.ledger.split(separator: "\n", omittingEmptySubsequences: false).count + copies)
        #expect(with.payments == without.payments && with.truth == without.truth && with.rates == without.rates)
    }

    /// Every layout holds the same invoices: the same amounts and settlement in the same order.
    @Test func layoutsShareTheInvoices() throws {
        let shape = ERPShape(partialPayments: true, currencies: ["USD", "CAD"])
        var hr = shape, sap = shape
        hr.layout = .highradius
        sap.layout = .sapFBL5N
        let canonical = try generate(shape).rows(.canonical).map { [$0[4], $0[5], $0[8]] }
        let highradius = try generate(hr).rows(.highradius).map { [$0[14].hasSuffix(".0") ? String($0[14].dropLast(2)) : $0[14],
                                                                   String($0[3].prefix(10)), $0[10]] }
        let fbl5n = try generate(sap).rows(.sapFBL5N).filter { $0[3] != "DZ" }.map { row -> [String] in
            let amount = row[7].replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
            let day = row[9].split(separator: ".").reversed().joined(separator: "-")
            return [CSVWriter.format(Double(amount)!), day, row[8]]
        }
        #expect(canonical == highradius)
        #expect(canonical == fbl5n)
    }

    /// Payments: dated from the invoice date to as-of; the invoice's `paid_date` is the day they
    /// first reach its amount (in cents), empty while they fall short; some overpay.
    @Test func paymentsSettleOnPaidDate() throws {
        let files = try generate(ERPShape(partialPayments: true), customers: 150)
        let invoices = Dictionary(uniqueKeysWithValues: files.rows(.canonical).map { ($0[1], $0) })
        var byInvoice: [String: [(day: String, cents: Int)]] = [:]
        for row in files.payments!.split(separator: "\n").dropFirst() {
            let cells = row.split(separator: ",").map(String.init)
            byInvoice[cells[0], default: []].append((cells[1], Int((Double(cells[2])! * 100).rounded())))
        }
        var overpaid = 0, instalments = 0, openWithPayments = 0
        for (id, payments) in byInvoice {
            let invoice = try #require(invoices[id])
            let amount = Int((Double(invoice[4])! * 100).rounded())
            #expect(payments.allSatisfy { $0.day >= invoice[2] && $0.day <= asOf.description && $0.cents > 0 })
            #expect(payments.map(\.day) == payments.map(\.day).sorted())
            var total = 0, settled: String?
            for payment in payments {
                total += payment.cents
                if settled == nil, total >= amount { settled = payment.day }
            }
            #expect(invoice[5] == (settled ?? ""), "\(id)")
            if total > amount { overpaid += 1 }
            if payments.count > 1 { instalments += 1 }
            if settled == nil { openWithPayments += 1 }
        }
        #expect(overpaid > 0 && instalments > 0 && openWithPayments > 0)
        // Invoices without payments are open.
        #expect(invoices.values.filter { byInvoice[$0[1]] == nil }.allSatisfy { $0[5].isEmpty })
    }

    @Test func ratesAreMonthlyAndConvertTheAmounts() throws {
        let files = try generate(ERPShape(currencies: ["USD", "CAD", "JPY", "XAU"]), customers: 80)
        let rows = files.rates!.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.first == ["USD", "1", "2024-01-01"])
        for code in ["CAD", "JPY", "XAU"] {
            let months = rows.filter { $0[0] == code }.map { $0[2] }
            #expect(months.count == 18 && months.first == "2024-01-01" && months.last == "2025-06-01")
        }
        #expect(rows.allSatisfy { matches($0[1], #"[0-9]+(\.[0-9]+)?"# ) }, "plain decimals, never an exponent")
        let plain = try generate(ERPShape(), customers: 80).ledger.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let shaped = files.rows(.canonical)
        for (a, b) in zip(plain, shaped) where b[8] != "USD" && b[4] != "1" {
            let rate = Double(rows.last { $0[0] == b[8] && $0[2] <= b[2] }![1])!
            #expect(abs(Double(b[4])! * rate - Double(a[4])!) <= max(0.01 * rate, 0.006 * Double(a[4])! + 0.01),
                    "\(b[1]) \(b[4]) \(b[8]) at \(rate) vs \(a[4])")
        }
        #expect(Set(shaped.map { $0[8] }) == ["USD", "CAD", "JPY", "XAU"])
    }

    @Test func problemsNameTheParameter() {
        #expect(ERPShape(layout: .highradius, creditMemos: true).problems.first?.hasPrefix("creditMemos:") == true)
        #expect(ERPShape(currencies: ["usd"]).problems == ["currencies: 'usd' is not a three-letter code such as USD"])
        #expect(ERPShape(currencies: ["USD", "USD"]).problems == ["currencies: a code is listed twice"])
        #expect(ERPShape(duplicateShare: 0.6).problems == ["duplicateShare: must be between 0 and 0.5 (got 0.6)"])
        #expect(ERPShape(layout: .sapFBL5N, partialPayments: true, creditMemos: true, currencies: ["EUR"],
                         duplicateShare: 0.5).problems.isEmpty)
    }

    @Test func numberAndRateTexts() {
        #expect(ERPDateCells.decimalComma(123_456) == "1.234,56")
        #expect(ERPDateCells.decimalComma(-5) == "-0,05")
        #expect(ERPDateCells.decimalComma(100_000_000) == "1.000.000,00")
        #expect(ERPDateCells.decimalComma(1_200) == "12,00")
        #expect(ERPRates.rounded(0.7312345678) == (0.731235, "0.731235"))
        #expect(ERPRates.rounded(1.08) == (1.08, "1.08"))
        #expect(ERPRates.rounded(0.0000671234567) == (0.0000671235, "0.0000671235"))
        #expect(ERPRates.rounded(151.234567) == (151.235, "151.235"))
    }
}
