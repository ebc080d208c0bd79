// Shared by every fuzz harness (scripts/fuzz compiles it with each one).

/// `true` when `text` has no line break: an error message must be one line on a terminal.
/// Scalars, not Characters: "\r\n" is a single Character that equals neither "\r" nor "\n".
func isOneLine(_ text: String) -> Bool {
    !text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }
}
