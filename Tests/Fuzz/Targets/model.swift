// libFuzzer target: the model-file loader (`SegmentationModel.decode`).
// Built only by scripts/fuzz.
//
// Oracles: any bytes either decode to a model that passes its own checks or give
// a `ModelError` whose message is one line; an accepted model encodes to JSON that
// decodes back to an equal model (the loader accepts what the writer writes).
import Foundation
import Reporting
import Segmentation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    let model: SegmentationModel
    do {
        model = try SegmentationModel.decode(bytes, path: "fuzz-model.json")
    } catch let error as ModelError {
        precondition(isOneLine(error.description), "multi-line error: \(error.description)")
        return 0
    } catch {
        preconditionFailure("unexpected error type \(type(of: error)): \(error)")
    }
    let encoded = try! model.encodedJSON()
    let again = try! SegmentationModel.decode(Data(encoded), path: "again.json")
    precondition(again == model, "model changed in an encode/decode round trip")
    return 0
}
