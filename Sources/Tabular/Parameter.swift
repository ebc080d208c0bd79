/// A parameter of a library call that an error message names: `FeatureOptions.columns`,
/// `SegmentationOptions.pcaComponents` and so on. Library messages name parameters through this
/// type, never by a command-line flag, so a front end can spell each one in its own words
/// (ar-segment maps every parameter to its flag in one place, `Parameter+Flag.swift`).
///
/// The set is open: the module that owns a parameter declares it, as a static constant in an
/// extension (`Receivables` declares `.columns` and `.dateFormat`, `Segmentation` `.pcaComponents`, ...).
/// `rawValue` is the library's own name for it, which `description` shows.
public struct Parameter: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// Message text that may name parameters: literal text and `Parameter`s, spelled when printed.
///
/// Written as a string literal, with parameters interpolated:
/// `"\(Parameter.pcaComponents) must be between 1 and the number of features (\(count))"`.
/// `description` spells each parameter by its library name; `spelled(_:)` by the caller's
/// (a flag such as `--pca-components`). Adjacent text is merged, so two texts that read the same
/// with the same parameters are equal however they were built.
public struct ParameterText: Equatable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public enum Piece: Equatable, Sendable {
        case text(String)
        case parameter(Parameter)
    }

    public private(set) var pieces: [Piece] = []

    /// Plain text that names no parameter.
    public init(_ text: String) { append(text) }

    public init(stringLiteral value: String) { append(value) }

    public init(stringInterpolation: StringInterpolation) { pieces = stringInterpolation.text.pieces }

    /// The text with every parameter spelled by `spelling`.
    public func spelled(_ spelling: (Parameter) -> String) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .parameter(let parameter): out += spelling(parameter)
            }
        }
        return out
    }

    /// The text with parameters spelled by their library names.
    public var description: String { spelled(\.rawValue) }

    /// The text with `transform` applied to each run of literal text; parameters are kept.
    public func mappingText(_ transform: (String) -> String) -> ParameterText {
        var out = ParameterText("")
        for piece in pieces {
            switch piece {
            case .text(let text): out.append(transform(text))
            case .parameter: out.pieces.append(piece)
            }
        }
        return out
    }

    /// `lhs` followed by `rhs`, for messages written over several lines.
    public static func + (lhs: ParameterText, rhs: ParameterText) -> ParameterText {
        var text = lhs
        text.append(rhs)
        return text
    }

    mutating func append(_ text: String) {
        guard !text.isEmpty else { return }
        if case .text(let last)? = pieces.last {
            pieces[pieces.count - 1] = .text(last + text)
        } else {
            pieces.append(.text(text))
        }
    }

    mutating func append(_ other: ParameterText) {
        for piece in other.pieces {
            switch piece {
            case .text(let text): append(text)
            case .parameter: pieces.append(piece)
            }
        }
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ParameterText("")

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { text.append(literal) }

        /// A parameter, spelled when the text is printed.
        public mutating func appendInterpolation(_ parameter: Parameter) { text.pieces.append(.parameter(parameter)) }

        /// Another text, its parameters kept.
        public mutating func appendInterpolation(_ other: ParameterText) { text.append(other) }

        /// Any other value, as `String(describing:)` prints it.
        public mutating func appendInterpolation<T>(_ value: T) { text.append(String(describing: value)) }
    }
}

/// A parameter value a library refuses whatever the data holds (a malformed column mapping, an
/// option combination that cannot work). `description` is `PARAMETER: problem`.
///
/// A command line reports it as a usage error; a problem that depends on the data (more
/// segments than accounts) is an `InputError` naming the file instead.
public struct ParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    public var parameter: Parameter
    /// What is wrong with its value, in lower case, without the parameter's name.
    public var problem: ParameterText

    public init(_ parameter: Parameter, _ problem: ParameterText) {
        self.parameter = parameter
        self.problem = problem
    }

    public var description: String { description(spelling: \.rawValue) }

    /// `PARAMETER: problem` with every parameter spelled by `spelling`.
    public func description(spelling: (Parameter) -> String) -> String {
        "\(spelling(parameter)): \(problem.spelled(spelling))"
    }
}
