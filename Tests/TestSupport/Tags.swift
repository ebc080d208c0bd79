import Testing

extension Tag {
    /// Suites that run the built `ar-segment` binary (`BinaryRunner`): every suite in CLITests.
    /// They take most of `swift test`'s time; a fast inner loop skips them (README, Development):
    /// `swift test --skip CLITests`.
    @Tag public static var cli: Self
}
