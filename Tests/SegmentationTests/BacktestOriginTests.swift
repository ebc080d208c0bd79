import Testing
import Tabular
@testable import Segmentation

@Suite struct BacktestOriginTests {
    @Test func monthStepsKeepMonthEnds() {
        let day = { (text: String) in CalendarDay(iso: text[...])! }
        let month = OriginStep("1m")!
        #expect(month.origin(1, before: day("2025-03-31")) == day("2025-02-28"))
        #expect(month.origin(1, before: day("2024-03-31")) == day("2024-02-29"))
        #expect(month.origin(2, before: day("2025-01-15")) == day("2024-11-15"))
        #expect(month.origin(1, before: day("2025-03-30")) == day("2025-02-28"))
        #expect(month.origin(1, before: day("2025-04-30")) == day("2025-03-31"))
        #expect(month.origin(0, before: day("2025-04-30")) == day("2025-04-30"))
        #expect(OriginStep("2w")!.origin(1, before: day("2025-03-31")) == day("2025-03-17"))
        #expect(OriginStep("30d")!.origin(2, before: day("2025-03-31")) == day("2025-01-30"))
        #expect(OriginStep("0m") == nil && OriginStep("m") == nil && OriginStep("3y") == nil)
    }
}
