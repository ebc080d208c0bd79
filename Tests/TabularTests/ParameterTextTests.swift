import Testing
import Tabular

/// Messages that name parameters: spelled by library names by default, by the caller's on request.
@Suite struct ParameterTextTests {
    let k = Parameter(rawValue: "segmentCount")

    @Test func spellsParametersByLibraryNameOrAsAsked() {
        let text: ParameterText = "\(k) must be between 1 and \(240) (use \(k) auto)"
        #expect(text.description == "segmentCount must be between 1 and 240 (use segmentCount auto)")
        #expect(text.spelled { $0 == k ? "--k" : $0.rawValue } == "--k must be between 1 and 240 (use --k auto)")
        #expect(text.pieces == [.parameter(k), .text(" must be between 1 and 240 (use "), .parameter(k), .text(" auto)")])
    }

    @Test func equalWhateverWayTheTextWasBuilt() {
        let joined: ParameterText = "needs \(k)" + " or " + "a model"
        #expect(joined == "needs \(k) or a model")
        #expect(ParameterText("plain") == "plain")
        #expect(ParameterText("plain") != "\(k)")
    }

    @Test func inputErrorSpellsItsMessage() {
        let error = InputError(file: "a.csv", column: "x", value: "7", message: "listed twice in \(k)")
        #expect(error.description == "a.csv:x: listed twice in segmentCount (7)")
        #expect(error.description(spelling: { "--\($0.rawValue)" }) == "a.csv:x: listed twice in --segmentCount (7)")
    }

    @Test func parameterErrorNamesItsParameterFirst() {
        let error = ParameterError(k, "must be at least 1, not \(0)")
        #expect(error.description == "segmentCount: must be at least 1, not 0")
        #expect(error.description(spelling: { _ in "--k" }) == "--k: must be at least 1, not 0")
    }
}
