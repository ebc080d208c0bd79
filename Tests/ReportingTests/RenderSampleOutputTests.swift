import Foundation
import Testing
import Reporting
import Segmentation

/// Writes the sample reports to the directory in `AR_SEGMENT_RENDER_SAMPLES`, to look at them:
///
///     AR_SEGMENT_RENDER_SAMPLES=/tmp/render-sample swift test --filter RenderSampleOutput
///     scripts/screenshot /tmp/render-sample/report.html /tmp/render-sample/report.png
@Suite("Render sample output")
struct RenderSampleOutputTests {
    @Test("write sample reports when AR_SEGMENT_RENDER_SAMPLES names a directory",
          .enabled(if: ProcessInfo.processInfo.environment["AR_SEGMENT_RENDER_SAMPLES"] != nil))
    func writeSamples() throws {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["AR_SEGMENT_RENDER_SAMPLES"]!)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files: [(String, String)] = [
            ("report.html", HTMLRenderer.render(RenderSamples.segmentation())),
            ("report.md", MarkdownRenderer.render(RenderSamples.segmentation())),
            ("summary.json", try DeterministicJSON.render(RenderSamples.segmentation())),
            ("hostile.html", HTMLRenderer.render(RenderSamples.segmentation(hostile: true))),
            ("hostile.md", MarkdownRenderer.render(RenderSamples.segmentation(hostile: true))),
            ("crowded.html", HTMLRenderer.render(RenderSamples.crowded())),
            ("discover.html", HTMLRenderer.render(RenderSamples.discovery())),
            ("discover.md", MarkdownRenderer.render(RenderSamples.discovery())),
            ("validate.html", HTMLRenderer.render(RenderSamples.validation())),
            ("validate.md", MarkdownRenderer.render(RenderSamples.validation())),
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        }
    }
}
