// libFuzzer target: the strategy-file loader (`StrategyBook.parse(yaml:path:)`).
// Built only by scripts/fuzz.
//
// Oracles: any text either gives a book or an `InputError` on one line naming the
// file; an accepted book written back as YAML reads back to an equal book.
import Receivables
import Tabular

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStrategies(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let book: StrategyBook
    do {
        book = try StrategyBook.parse(yaml: text, path: "fuzz.yaml")
    } catch let error as InputError {
        precondition(error.file == "fuzz.yaml")
        precondition(isOneLine(error.description), "multi-line error: \(error.description)")
        return 0
    } catch {
        preconditionFailure("unexpected error type \(type(of: error)): \(error)")
    }
    let again = try! StrategyBook.parse(yaml: book.yaml, path: "again.yaml")
    precondition(again == book, "strategy book changed in a YAML round trip")
    return 0
}
