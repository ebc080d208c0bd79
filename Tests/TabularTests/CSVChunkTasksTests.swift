import Testing
@testable import Tabular

@Suite struct CSVChunkTasksTests {
    /// An 8 MiB chunk of a 16-column numeric file holds about 36k rows: it must be split over
    /// both cores (the precedence slip this guards against gave one task for every chunk).
    @Test(arguments: [(36_000 * 16, 2, 8), (9_037 * 16, 2, 8), (40_000, 2, 2), (16_383, 2, 1), (0, 2, 1),
                      (1 << 30, 1, 4), (1 << 30, 0, 4)])
    func chunksAreSplitIntoTasksOfAtLeast16kCells(cells: Int, cores: Int, tasks: Int) {
        #expect(CSVChunk.parseTasks(cells: cells, cores: cores) == tasks)
    }
}
